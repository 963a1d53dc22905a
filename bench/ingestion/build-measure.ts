import { fileURLToPath } from 'node:url';
import { bundleNode } from '../../tools/bundle-node.mjs';

/** Inside the repo (dist/ is ignored), so the bundle's bare imports resolve from the repo's node_modules. */
export const MEASURE_BUNDLE = fileURLToPath(new URL('../../dist/bench/ingestion/measure.mjs', import.meta.url));

/**
 * Bundles measure.ts the way tools/build-app.mjs bundles the apps that run in
 * production (workspace libs inlined, npm packages loaded from node_modules,
 * plain node, no TypeScript loader), so the measured process is what the
 * deployed ingestion service runs, not tsx (which alone adds ~40 MiB of RSS).
 */
export async function buildMeasureBundle(): Promise<string> {
  await bundleNode(fileURLToPath(new URL('./measure.ts', import.meta.url)), MEASURE_BUNDLE);
  return MEASURE_BUNDLE;
}
