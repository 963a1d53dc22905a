import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Inside the repo (dist/ is ignored), so the bundle's bare imports resolve from the repo's node_modules. */
export const MEASURE_BUNDLE = fileURLToPath(new URL('../../dist/bench/ingestion/measure.mjs', import.meta.url));

/**
 * Bundles measure.ts the way tools/build-app.mjs bundles the apps that run in
 * production (workspace libs inlined, npm packages loaded from node_modules,
 * plain node, no TypeScript loader), so the measured process is what the
 * deployed ingestion service runs, not tsx (which alone adds ~40 MiB of RSS).
 */
export async function buildMeasureBundle(): Promise<string> {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => [name, `${name}/*`]);
  await build({
    entryPoints: [fileURLToPath(new URL('./measure.ts', import.meta.url))],
    outfile: MEASURE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return MEASURE_BUNDLE;
}
