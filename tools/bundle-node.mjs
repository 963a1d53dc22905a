// How the platform bundles a Node entry point: workspace libraries inlined,
// every npm package external (loaded from node_modules at run time: native
// addons such as onnxruntime-node and DuckDB cannot be bundled). Used by
// tools/build-app.mjs for the apps and by the benchmarks for their measured process.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` into `outfile` (ESM, node20, with a source map). */
export async function bundleNode(entry, outfile) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => [name, `${name}/*`]);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external,
    logLevel: 'warning',
    // Bundled CommonJS helpers may still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
}
