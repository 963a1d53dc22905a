import { Cron } from 'croner';
import iconv from 'iconv-lite';
import type { ConfigProblem } from './problems';
import { COLUMN_NAME_PATTERN } from './sources-schema';
import type { CsvSourceSettings, PostgresSourceSettings, RestSourceSettings, SourceColumnsSettings, SourceConfig } from './source-types';

const KINDS = ['csv', 'rest', 'postgres'] as const;

function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (err) {
    return `invalid cron expression "${expression}": ${(err as Error).message}`;
  }
}

function locationProblem(location: string): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(location)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  if (scheme === 's3') {
    return /^s3:\/\/[^/]+\/.+/.test(location) ? undefined : 'must be s3://<bucket>/<key>';
  }
  if (scheme !== 'http' && scheme !== 'https') return `unsupported scheme ${scheme}:// (use a path, http(s):// or s3://)`;
  return URL.canParse(location) ? undefined : 'is not a valid URL';
}

function missingEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name] === undefined || env[name] === '' ? `environment variable ${name} is not set` : undefined;
}

interface CheckOptions {
  env: Record<string, string | undefined>;
  checkSecrets: boolean;
}
type Add = (reason: string | undefined, ...field: string[]) => void;

function checkCsv(csv: Partial<CsvSourceSettings> | undefined, add: Add): void {
  if (typeof csv?.location === 'string') add(locationProblem(csv.location), 'csv', 'location');
  if (typeof csv?.encoding === 'string' && !iconv.encodingExists(csv.encoding)) add(`unknown encoding ${csv.encoding}`, 'csv', 'encoding');
}

function checkRest(rest: Partial<RestSourceSettings> | undefined, options: CheckOptions, add: Add): void {
  if (rest === undefined || rest === null) return;
  if (typeof rest.url === 'string' && /^https?:\/\//.test(rest.url) && !URL.canParse(rest.url)) add('is not a valid URL', 'rest', 'url');
  const p = rest.pagination as Partial<Record<string, unknown>> | undefined;
  if (p?.type === 'cursor' && p.limit !== undefined && p.limitParam === undefined) add('needs limitParam', 'rest', 'pagination', 'limit');
  if (p?.type === 'page' && p.perPage !== undefined && p.perPageParam === undefined) add('needs perPageParam', 'rest', 'pagination', 'perPage');
  const retry = rest.retry;
  if (typeof retry?.maxDelayMs === 'number' && typeof retry.initialDelayMs === 'number' && retry.maxDelayMs < retry.initialDelayMs) {
    add('must be >= initialDelayMs', 'rest', 'retry', 'maxDelayMs');
  }
  if (!options.checkSecrets) return;
  if (rest.auth?.type === 'bearer' && typeof rest.auth.tokenEnv === 'string') add(missingEnv(options.env, rest.auth.tokenEnv), 'rest', 'auth', 'tokenEnv');
  if (rest.auth?.type === 'header' && typeof rest.auth.valueEnv === 'string') add(missingEnv(options.env, rest.auth.valueEnv), 'rest', 'auth', 'valueEnv');
}

function checkPostgres(postgres: Partial<PostgresSourceSettings> | undefined, options: CheckOptions, add: Add): void {
  if (postgres === undefined || postgres === null) return;
  if (typeof postgres.query === 'string') {
    const usesParam = /\$1\b/.test(postgres.query);
    if (postgres.incremental && !usesParam) add('must use $1 for the watermark when incremental is set', 'postgres', 'query');
    if (!postgres.incremental && usesParam) add('uses $1 but incremental is not set', 'postgres', 'query');
  }
  if (options.checkSecrets && typeof postgres.urlEnv === 'string') add(missingEnv(options.env, postgres.urlEnv), 'postgres', 'urlEnv');
}

const COLUMN_NAME = new RegExp(COLUMN_NAME_PATTERN);
const notAColumnName = (name: string) => (COLUMN_NAME.test(name) ? undefined : `"${name}" is not a column name a suite can hold (must match ${COLUMN_NAME_PATTERN})`);

// Platform names (rename targets, type hints) are names a suite can hold; each comes from one raw column.
function checkColumns(columns: Partial<SourceColumnsSettings> | undefined, add: Add): void {
  const rename = columns?.rename;
  const renames = rename !== null && typeof rename === 'object' ? Object.entries(rename) : [];
  const firstRaw = new Map<unknown, string>();
  for (const [raw, name] of renames) {
    if (typeof name !== 'string') continue;
    const bad = notAColumnName(name);
    if (bad) {
      add(bad, 'columns', 'rename', raw);
      continue;
    }
    const first = firstRaw.get(name);
    if (first === undefined) firstRaw.set(name, raw);
    else add(`renames to "${String(name)}" as "${first}" does: two raw columns cannot become one`, 'columns', 'rename', raw);
  }
  const types = columns?.types;
  for (const name of types !== null && typeof types === 'object' ? Object.keys(types) : []) add(notAColumnName(name), 'columns', 'types', name);
  const drop = Array.isArray(columns?.drop) ? columns.drop : [];
  drop.forEach((raw, i) => {
    if (renames.some(([r]) => r === raw)) add(`"${raw}" is both renamed and dropped`, 'columns', 'drop', String(i));
  });
}

/**
 * Rules JSON Schema cannot say: unique names, the section matching `kind`,
 * cron syntax, encodings iconv-lite knows, $1 only with incremental, column
 * mappings that read each platform name from one raw column and never rename
 * a dropped one. With `checkSecrets`, the variables named by
 * tokenEnv/valueEnv/urlEnv must be set.
 */
export function checkSources(
  sources: SourceConfig[],
  options: CheckOptions,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstIndex = new Map<string, number>();
  sources.forEach((source, i) => {
    if (source === null || typeof source !== 'object') return;
    const at = (...field: string[]) => ['sources', i, ...field];
    const add: Add = (reason, ...field) => {
      if (reason !== undefined) problems.push({ path: at(...field), reason });
    };

    if (typeof source?.name === 'string') {
      const seen = firstIndex.get(source.name);
      if (seen === undefined) firstIndex.set(source.name, i);
      else add(`duplicates the name of sources[${seen}]`, 'name');
    }
    const sections = source as unknown as Record<string, unknown>;
    for (const kind of KINDS.includes(source.kind) ? KINDS : []) {
      if (kind === source.kind && sections[kind] === undefined) add(`is required when kind is ${kind}`, kind);
      if (kind !== source.kind && sections[kind] !== undefined) add(`is not allowed when kind is ${source.kind}`, kind);
    }
    // Fields may be of the wrong type when the schema failed: each rule checks what it reads.
    if (typeof source.schedule === 'string') add(cronProblem(source.schedule), 'schedule');
    if (source.kind === 'csv') checkCsv(source.csv, add);
    if (source.kind === 'rest') checkRest(source.rest, options, add);
    if (source.kind === 'postgres') checkPostgres(source.postgres, options, add);
    checkColumns(source.columns, add);
  });
  return problems;
}
