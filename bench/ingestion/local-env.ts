import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LOCAL_ENV = fileURLToPath(new URL('../../infra/local.env', import.meta.url));

/** infra/local.env with the process environment on top (so CI or a developer can point elsewhere). */
export function localEnv(): Record<string, string> {
  const fromFile = Object.fromEntries(
    readFileSync(LOCAL_ENV, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const overrides = Object.fromEntries(Object.keys(fromFile).flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])));
  return { ...fromFile, ...overrides };
}

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
