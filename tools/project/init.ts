import { parseArgs } from 'node:util';
import { PlatformError } from '@churn/core';
import { initProject } from '@churn/project-init';

// CLI: npm run init -- <folder of CSV files> --out projects/<name> [--name <name>] [--entity <table>]
//        [--label <table.column>[=<churned value>]] [--force]
// Drafts a complete project folder from CSV exports, proves it loads, and prints each guess with its reason.
const USAGE = 'usage: npm run init -- <folder of CSV files> --out projects/<name> [--name <name>] [--entity <table>] [--label <table.column>[=<value>]] [--force]';

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
};

function readArgs() {
  try {
    return parseArgs({
      options: {
        out: { type: 'string' },
        name: { type: 'string' },
        entity: { type: 'string' },
        label: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    return fail((err as Error).message);
  }
}
const { values, positionals } = readArgs();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) fail(positionals.length === 0 ? 'name the folder of CSV files' : `one folder only, got ${positionals.join(' ')}`);
const out = values.out ?? fail('--out is required (the project folder to write, e.g. projects/acme)');

try {
  const result = await initProject({
    input: positionals[0]!,
    out,
    ...(values.name ? { name: values.name } : {}),
    ...(values.entity ? { entity: values.entity } : {}),
    ...(values.label ? { label: values.label } : {}),
    ...(values.force ? { force: true } : {}),
  });
  const { manifest, datasets, views } = result.project;
  const lines = [
    `drafted ${out}: ${datasets.length} dataset${datasets.length === 1 ? '' : 's'}, ${views[0]?.features.length ?? 0} feature declarations, model ${manifest.model.name} (loads: version ${result.project.version.slice(0, 12)})`,
    '',
    'guessed:',
    ...result.guesses.map((g) => `  ${g.topic}: ${g.choice} (${g.why})`),
    '',
    'next:',
    ...result.next.map((step, i) => `  ${i + 1}. ${step}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (err) {
  // A refusal (bad folder, file or option): one line and exit 2; a draft that does not load is a bug: exit 1.
  if (err instanceof PlatformError && !err.retriable) {
    process.stderr.write(`${err.code}: ${err.message}\n`);
    process.exit(err.code === 'CHURN_INIT_DRAFT_INVALID' ? 1 : 2);
  }
  throw err;
}
