import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Integration tests reach the local infrastructure at the addresses infra/up.sh
// uses, unless the environment points elsewhere. They fail when it is absent.
const localInfra = Object.fromEntries(
  readFileSync(new URL('./infra/local.env', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

export default defineConfig({
  test: {
    include: ['apps/**/*.test.ts', 'libs/**/*.test.ts', 'tools/**/*.test.ts', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    env: { ...localInfra, ...pickDefined(process.env, Object.keys(localInfra)) },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration suites share Kafka and Postgres; keep the fan-out small.
    maxWorkers: 2,
    reporters: ['default'],
  },
});

function pickDefined(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k] as string]));
}
