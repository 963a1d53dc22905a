// `npm run pipeline`: one full pipeline run; exit code 0 when every stage succeeded.
import { runPipelineCli } from '@churn/pipeline';

runPipelineCli().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.stdout.write(`${JSON.stringify({ status: 'failed', error: err instanceof Error ? err.message : String(err) })}\n`);
    process.exit(1);
  },
);
