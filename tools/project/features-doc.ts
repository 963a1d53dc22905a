// Prints (or writes) docs/features.md: every feature view of the given projects, one section per project.
//
//   npx tsx tools/project/features-doc.ts projects/sample-company projects/telco > docs/features.md
//   npx tsx tools/project/features-doc.ts --out docs/features.md projects/sample-company projects/telco
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadProject } from '@churn/project';
import { featuresMarkdown } from '@churn/transformation';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
if (positionals.length === 0) {
  console.error('usage: features-doc.ts [--out <file>] <project-dir>...');
  process.exit(2);
}
const markdown = featuresMarkdown(
  positionals.map((dir) => loadProject(dir)),
  `npx tsx tools/project/features-doc.ts ${positionals.join(' ')} > docs/features.md`,
);
if (values.out) writeFileSync(values.out, markdown);
else process.stdout.write(markdown);
