// `npm run pipeline [-- --project <dir>]`: one full pipeline run; exit code 0 when every stage succeeded.
// `--project` selects the project folder (as PROJECT_DIR does; default projects/sample-company). In
// embedded mode the sample company's source systems are started here for the run when its project is used.
import { parseArgs } from 'node:util';
import { runPipelineCli } from '@churn/pipeline';
import { startDemoSources } from '@churn/sample-sources';

const { values: args } = parseArgs({ options: { project: { type: 'string', short: 'p' } } });

async function main(): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(args.project ? { PROJECT_DIR: args.project } : {}) };
  const distributed = Boolean(env.KAFKA_BROKERS) || env.BUS === 'kafka';
  const demo = distributed ? undefined : await startDemoSources(env);
  try {
    return await runPipelineCli({ ...env, ...demo?.env });
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
