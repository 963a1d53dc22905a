import { Ajv, type ErrorObject } from 'ajv';
import type { Logger } from 'pino';
import { PlatformError } from '@churn/core';

/** Options of {@link createDatabase}. */
export interface DatabaseOptions {
  /** `postgres://...` / `postgresql://...`, or `pglite:<dir>` / `pglite:memory` for an embedded database. */
  url: string;
  logger: Logger;
  /** Max connections of the pg pool (ignored for PGlite, which has one). Default 10. */
  poolSize?: number;
}

/** Where a validated URL points. */
export type DatabaseTarget =
  | { kind: 'postgres'; connectionString: string; poolSize: number }
  | { kind: 'pglite'; dataDir: string | undefined };

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'logger'],
  properties: {
    url: { type: 'string', minLength: 1 },
    logger: { type: 'object' },
    poolSize: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(schema);

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  return error.instancePath.replace(/^\//, '') || '(root)';
}

function invalid(field: string, message: string): PlatformError {
  return new PlatformError('CHURN_DB_INVALID_OPTIONS', `database options: ${field} ${message}`, {
    retriable: false,
    context: { field },
  });
}

/** Validates options and resolves the URL into a target; throws CHURN_DB_INVALID_OPTIONS naming the field. */
export function parseDatabaseOptions(options: unknown): { target: DatabaseTarget; logger: Logger } {
  if (!validate(options)) {
    const first = validate.errors?.[0];
    const field = first ? fieldOf(first) : '(root)';
    const details = (validate.errors ?? []).map((e) => `${fieldOf(e)} ${e.message ?? 'is invalid'}`).join('; ');
    throw invalid(field, `is invalid (${details})`);
  }
  const { url, logger, poolSize } = options as unknown as DatabaseOptions;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch {
      throw invalid('url', 'is not a valid postgres URL');
    }
    return { target: { kind: 'postgres', connectionString: url, poolSize: poolSize ?? 10 }, logger };
  }
  if (url.startsWith('pglite:')) {
    const rest = url.slice('pglite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === 'memory' || rest === '//memory') return { target: { kind: 'pglite', dataDir: undefined }, logger };
    if (rest.length === 0) throw invalid('url', 'pglite: needs a directory or "memory" (pglite:<dir> | pglite:memory)');
    return { target: { kind: 'pglite', dataDir: rest }, logger };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw invalid(
    'url',
    `has unsupported scheme ${scheme ? `"${scheme}:"` : '(none)'}; expected postgres://, postgresql://, pglite:<dir> or pglite:memory`,
  );
}
