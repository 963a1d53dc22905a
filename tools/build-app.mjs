// Bundles one app (apps/<name>/src/main.ts) with the workspace libraries it
// uses into dist/apps/<name>/main.js. Third-party packages stay external and
// load from node_modules at run time (see tools/bundle-node.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from './bundle-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv[2];
if (!app) {
  process.stderr.write('usage: node tools/build-app.mjs <app>\n');
  process.exit(2);
}
await bundleNode(join(root, 'apps', app, 'src', 'main.ts'), join(root, 'dist', 'apps', app, 'main.js'));
process.stdout.write(`built dist/apps/${app}/main.js\n`);
