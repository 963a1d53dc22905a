import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PlatformError } from '@churn/core';
import { sampleColumns, suggestSuite, withSuggestedNames, type SuggestColumns } from '@churn/validation';

// CLI: npx tsx tools/validation/suggest-suite.ts --source NAME --file PATH [--format csv|ndjson] [--key a,b]
//        [--sample-rows N] [--sources FILE] [--rename] [--out FILE]
// Profiles a sample of a new source and prints (or writes) a starting expectation-suites file
// `{ "suites": [ ... ] }` to review and merge into the project's expectations.json. With --sources (a project's
// sources.json) the source's `columns` mapping and type hints apply, so the suite is on the renamed columns; with
// --rename, headers a suite cannot hold get snake_case names. The mapping used is printed on stderr, for sources.json.
const USAGE =
  'usage: suggest-suite --source NAME --file PATH [--format csv|ndjson] [--key a,b] [--sample-rows N] [--sources FILE] [--rename] [--out FILE]';

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
};

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      source: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      key: { type: 'string' },
      'sample-rows': { type: 'string' },
      sources: { type: 'string' },
      rename: { type: 'boolean' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (err) {
  fail((err as Error).message);
}
const text = (name: string): string | undefined => values![name] as string | undefined;
const source = text('source') ?? fail('--source is required');
const file = text('file') ?? fail('--file is required');
const format = text('format') ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
if (format !== 'csv' && format !== 'ndjson') fail(`--format must be csv or ndjson, got '${format}'`);
const key = text('key')?.split(',').map((k) => k.trim()).filter((k) => k !== '');
if (key !== undefined && key.length === 0) fail('--key must name at least one column');
const sampleRows = text('sample-rows') === undefined ? undefined : Number(text('sample-rows'));
if (sampleRows !== undefined && !(Number.isInteger(sampleRows) && sampleRows > 0)) fail(`--sample-rows must be a positive integer, got '${text('sample-rows')}'`);

/** The source's `columns` in a sources file (its other fields, and ${VAR} placeholders, do not matter here). */
async function columnsIn(path: string): Promise<SuggestColumns> {
  let parsed: { sources?: Array<{ name?: unknown; columns?: SuggestColumns }> };
  try {
    parsed = JSON.parse(await readFile(resolve(process.cwd(), path), 'utf8')) as typeof parsed;
  } catch (err) {
    return fail(`--sources ${path}: ${(err as Error).message}`);
  }
  const entry = parsed.sources?.find((s) => s.name === source);
  return entry ? (entry.columns ?? {}) : fail(`--sources ${path} has no source named ${source}`);
}

try {
  const inputs = [{ path: resolve(process.cwd(), file), format: format as 'csv' | 'ndjson' }];
  const given = text('sources') ? await columnsIn(text('sources')!) : {};
  const columns = values!.rename === true ? withSuggestedNames(await sampleColumns(inputs), given) : given;
  const suite = await suggestSuite({ source, inputs, columns, ...(key ? { key } : {}), ...(sampleRows ? { sampleRows } : {}) });
  const out = `${JSON.stringify({ suites: [suite] }, null, 2)}\n`;
  if (Object.keys(columns).length > 0) process.stderr.write(`the suite reads ${source} with these columns (its "columns" in sources.json):\n${JSON.stringify(columns, null, 2)}\n`);
  const outFile = text('out');
  if (outFile) {
    await writeFile(resolve(process.cwd(), outFile), out);
    process.stderr.write(`wrote the suggested suite of ${source} to ${outFile}\n`);
  } else {
    process.stdout.write(out);
  }
} catch (err) {
  // Bad options or an unreadable file: exit 2; a sample the engine cannot use: exit 1; anything else is a crash.
  if (err instanceof PlatformError && !err.retriable) {
    process.stderr.write(`${err.code}: ${err.message}\n`);
    process.exit(['CHURN_VALIDATION_INVALID_OPTIONS', 'CHURN_VALIDATION_UNREADABLE_INPUT'].includes(err.code) ? 2 : 1);
  }
  throw err;
}
