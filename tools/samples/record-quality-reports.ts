// Records the data-quality report samples of the docs: copies the validator's
// reports (JSON, CSV, HTML, Markdown, PDF) of every source of one pipeline run
// from a filesystem lake to docs/samples/quality-reports/<source>.<format>.
// Run `npm run pipeline` first (it writes ./data/lake).
//
//   npx tsx tools/samples/record-quality-reports.ts [--lake ./data/lake] [--run <runId>]
//
// Without --run it takes the newest run that has reports.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const FORMATS = ['json', 'csv', 'html', 'md', 'pdf'] as const;
const repoRoot = resolve(new URL('../../', import.meta.url).pathname);
const target = join(repoRoot, 'docs/samples/quality-reports');
const { values } = parseArgs({ options: { lake: { type: 'string', default: './data/lake' }, run: { type: 'string' } } });

/** `reports/quality/source=<s>/run=<r>/` folders of the lake, by source. */
function reportFolders(lake: string): Array<{ source: string; run: string; dir: string; mtimeMs: number }> {
  const root = join(lake, 'reports/quality');
  if (!existsSync(root)) throw new Error(`no reports under ${root}: run \`npm run pipeline\` first (or pass --lake)`);
  return readdirSync(root)
    .filter((d) => d.startsWith('source='))
    .flatMap((sourceDir) =>
      readdirSync(join(root, sourceDir))
        .filter((d) => d.startsWith('run='))
        .map((runDir) => {
          const dir = join(root, sourceDir, runDir);
          return { source: sourceDir.slice('source='.length), run: runDir.slice('run='.length), dir, mtimeMs: statSync(dir).mtimeMs };
        }),
    );
}

function main(): void {
  const folders = reportFolders(resolve(values.lake));
  const run = values.run ?? folders.sort((a, b) => b.mtimeMs - a.mtimeMs)[0]?.run;
  const chosen = folders.filter((f) => f.run === run);
  if (chosen.length === 0) throw new Error(`no reports of run ${run ?? '(none)'} in ${values.lake}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const { source, dir } of chosen.sort((a, b) => a.source.localeCompare(b.source))) {
    for (const format of FORMATS) {
      const from = join(dir, `report.${format}`);
      if (!existsSync(from)) throw new Error(`${from} is missing: the run predates ${format} reports`);
      copyFileSync(from, join(target, `${source}.${format}`));
    }
    console.log(`${source}: ${FORMATS.join(', ')}`);
  }
  console.log(`run ${run} -> ${target}`);
}

main();
