import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError } from '@churn/core';
import { embeddedMigrations } from './generated/migrations';

/** One migration: its folder name (`<yyyymmddhhmmss>_<name>`) and SQL. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

/**
 * The migrations shipped with this library, embedded as strings by
 * tools/prisma-generate.mjs, so source runs and esbuild bundles need no files.
 */
export const bundledMigrations: readonly Migration[] = embeddedMigrations;

/** Reads `<dir>/<name>/migration.sql` folders in name order (Prisma's layout). */
export function loadMigrationsFromDir(dir: string): Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
  } catch (err) {
    throw new PlatformError('CHURN_DB_MIGRATIONS_NOT_FOUND', `cannot read migrations directory ${dir}`, {
      retriable: false,
      cause: err,
      context: { dir },
    });
  }
  return names
    .sort()
    .filter((name) => {
      try {
        return statSync(join(dir, name, 'migration.sql')).isFile();
      } catch {
        return false;
      }
    })
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}
