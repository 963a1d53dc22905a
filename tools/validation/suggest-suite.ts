import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PlatformError } from '@churn/core';
import { suggestSuite } from '@churn/validation';

// CLI: npx tsx tools/validation/suggest-suite.ts --source NAME --file PATH [--format csv|ndjson] [--key a,b]
//        [--sample-rows N] [--out FILE]
// Profiles a sample of a new source and prints (or writes) a starting expectation-suites file
// `{ "suites": [ ... ] }` to review and merge into config/expectations*.json.
const USAGE = 'usage: suggest-suite --source NAME --file PATH [--format csv|ndjson] [--key a,b] [--sample-rows N] [--out FILE]';

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
};

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      source: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      key: { type: 'string' },
      'sample-rows': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (err) {
  fail((err as Error).message);
}
const source = values!.source ?? fail('--source is required');
const file = values!.file ?? fail('--file is required');
const format = values!.format ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
if (format !== 'csv' && format !== 'ndjson') fail(`--format must be csv or ndjson, got '${format}'`);
const key = values!.key?.split(',').map((k) => k.trim()).filter((k) => k !== '');
if (key !== undefined && key.length === 0) fail('--key must name at least one column');
const sampleRows = values!['sample-rows'] === undefined ? undefined : Number(values!['sample-rows']);
if (sampleRows !== undefined && !(Number.isInteger(sampleRows) && sampleRows > 0)) fail(`--sample-rows must be a positive integer, got '${values!['sample-rows']}'`);

try {
  const suite = await suggestSuite({
    source,
    inputs: [{ path: resolve(process.cwd(), file), format: format as 'csv' | 'ndjson' }],
    ...(key ? { key } : {}),
    ...(sampleRows ? { sampleRows } : {}),
  });
  const text = `${JSON.stringify({ suites: [suite] }, null, 2)}\n`;
  if (values!.out) {
    await writeFile(resolve(process.cwd(), values!.out), text);
    process.stderr.write(`wrote the suggested suite of ${source} to ${values!.out}\n`);
  } else {
    process.stdout.write(text);
  }
} catch (err) {
  // Bad options or an unreadable file: exit 2; a sample the engine cannot use: exit 1; anything else is a crash.
  if (err instanceof PlatformError && !err.retriable) {
    process.stderr.write(`${err.code}: ${err.message}\n`);
    process.exit(['CHURN_VALIDATION_INVALID_OPTIONS', 'CHURN_VALIDATION_UNREADABLE_INPUT'].includes(err.code) ? 2 : 1);
  }
  throw err;
}
