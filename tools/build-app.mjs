// Bundles one app (apps/<name>/src/main.ts) with the workspace libraries it
// uses into dist/apps/<name>/main.js. Third-party packages stay external and
// load from node_modules at run time (native addons such as onnxruntime-node
// cannot be bundled).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv[2];
if (!app) {
  process.stderr.write('usage: node tools/build-app.mjs <app>\n');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: [join(root, 'apps', app, 'src', 'main.ts')],
  outfile: join(root, 'dist', 'apps', app, 'main.js'),
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
process.stdout.write(`built dist/apps/${app}/main.js\n`);
