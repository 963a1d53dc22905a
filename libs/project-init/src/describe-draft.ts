import type { DatasetDeclaration, ProjectManifest } from '@churn/project';
import type { DraftedView } from './draft-features';
import type { InitGuess } from './guess-types';
import type { TableProfile } from './profile-types';

const list = (items: string[], max = 3) => `${items.slice(0, max).join(', ')}${items.length > max ? `, ... (${items.length - max} more)` : ''}`;

/** Guesses made while drafting the files: renamed headers, blank cells read as missing, column roles, features. */
export function draftGuesses(tables: readonly TableProfile[], datasets: readonly DatasetDeclaration[], drafted: DraftedView, manifest: ProjectManifest): InitGuess[] {
  const labelColumn = manifest.label.kind === 'status' ? `${manifest.entity.dataset}.${manifest.label.column}` : undefined;
  const out: InitGuess[] = [];
  for (const table of tables) {
    const renamed = table.columns.filter((c) => c.header !== c.name);
    if (renamed.length > 0) out.push({ topic: `columns of ${table.table}`, choice: `renamed ${renamed.length} headers`, why: `not snake_case: ${list(renamed.map((c) => `${c.header} -> ${c.name}`))}` });
    const dataset = datasets.find((d) => d.name === table.table)!;
    for (const c of table.columns.filter((x) => x.blank > 0 && x.type !== 'string')) {
      const prep = dataset.columns[c.name];
      out.push({ topic: `${table.table}.${c.name}`, choice: `${c.type}${prep?.impute ? `, ${prep.impute.strategy} imputation` : ''}`, why: `${c.blank} blank cells read as missing` });
    }
    for (const c of table.columns.filter((x) => x.malformed > 0)) {
      out.push({ topic: `${table.table}.${c.name}`, choice: c.type, why: `${c.malformed} of ${c.present} values are not: validation will quarantine their rows` });
    }
    const roles = new Map<string, string[]>();
    for (const [name, prep] of Object.entries(dataset.columns)) {
      const role = `${table.table}.${name}` === labelColumn ? 'label' : prep.encode?.kind === 'one_hot' ? 'categorical (one-hot)' : prep.role;
      roles.set(role, [...(roles.get(role) ?? []), name]);
    }
    out.push({
      topic: `roles of ${table.table}`,
      choice: [...roles].map(([role, names]) => `${names.length} ${role}`).join(', '),
      why: 'from the inferred types and values',
    });
  }
  const { counts, view } = drafted;
  out.push({
    topic: 'features',
    choice: `${counts.attribute + counts.tenure + counts.window} in ${view.name}`,
    why: [
      `${counts.attribute} attributes of ${manifest.entity.dataset}`,
      ...(counts.tenure > 0 ? [`tenure since ${manifest.entity.since}`] : []),
      counts.window > 0 ? `${counts.window} window features (30 and 90 days) over the tables that reach it` : 'no other table with a date reaches it',
    ].join(', '),
  });
  return out;
}

/** What to edit next, in order. */
export function nextSteps(dir: string, manifest: ProjectManifest): string[] {
  const label =
    manifest.label.kind === 'status'
      ? `the status label ${manifest.label.column} = ${manifest.label.positive.join(' / ')}`
      : `the event label ${manifest.label.dataset}.${manifest.label.time} (horizon ${manifest.label.horizonDays} days, ${manifest.label.snapshots} snapshots)`;
  return [
    `Check the entity (${manifest.entity.dataset}.${manifest.entity.key}) and ${label} in ${dir}/project.json; re-run init with --entity / --label to redraft.`,
    `Review ${dir}/expectations.json: types, enums, patterns and bounds were read off these files; loosen what later exports may break.`,
    `Edit ${dir}/datasets.json: drop columns you do not want, choose imputations (e.g. a constant 0), add scaling or outlier treatment.`,
    `Edit ${dir}/features.json: rename features, add derived ones, remove the ones that make no sense; never read the label.`,
    `Validate after each edit (loadProject('${dir}')), then run the pipeline with PROJECT_DIR=${dir}.`,
  ];
}
