/** Bundles `entry` into `outfile` the way the platform's apps are bundled (see bundle-node.mjs). */
export function bundleNode(entry: string, outfile: string): Promise<void>;
