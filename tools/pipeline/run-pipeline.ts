// `npm run pipeline`: one full pipeline run; exit code 0 when every stage succeeded.
// In embedded mode without a SOURCES_FILE it runs against the sample company's
// source systems, started here for the run.
import { runPipelineCli } from '@churn/pipeline';
import { startDemoSources } from '@churn/sample-sources';

async function main(): Promise<number> {
  const distributed = Boolean(process.env.KAFKA_BROKERS) || process.env.BUS === 'kafka';
  const demo = distributed ? undefined : await startDemoSources(process.env);
  try {
    return await runPipelineCli({ ...process.env, ...demo?.env });
  } finally {
    await demo?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.stdout.write(`${JSON.stringify({ status: 'failed', error: err instanceof Error ? err.message : String(err) })}\n`);
    process.exit(1);
  },
);
