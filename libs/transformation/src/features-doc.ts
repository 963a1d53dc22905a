import { expandFeatures, type ConcreteFeature, type FeatureViewDeclaration, type Project } from '@churn/project';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (text: string): string => `\`${text}\``;

function windowText(project: Project, f: Extract<ConcreteFeature, { kind: 'window' }>): string {
  const dataset = project.datasets.find((d) => d.name === f.dataset);
  const column = f.window.column ?? dataset?.eventTime ?? '?';
  const offset = f.window.offsetDays ?? 0;
  const end = offset === 0 ? 'T' : `T − ${offset} d`;
  const span = f.window.days === undefined ? `${column} < ${end}` : `${column} in [T − ${offset + f.window.days} d, ${end})`;
  const agg = f.expr === undefined ? f.agg : `${f.agg}(${f.expr})`;
  return `${code(f.dataset)}: ${code(agg)}, ${span}${f.filter ? `, where ${code(f.filter)}` : ''}`;
}

function sourceText(project: Project, f: ConcreteFeature): string {
  const entity = project.manifest.entity.dataset;
  const parts: string[] = [];
  if (f.kind === 'attribute') parts.push(`${code(entity)}: ${code(f.expr)}`);
  if (f.kind === 'tenure') parts.push(`${code(`${entity}.${f.column}`)} to T, in ${f.unit ?? 'days'}`);
  if (f.kind === 'window') parts.push(windowText(project, f));
  if (f.kind === 'derived') parts.push(`= ${code(f.expr)}`);
  if (f.default !== undefined) parts.push(`default ${f.default}`);
  if (f.round !== undefined) parts.push(`rounded to ${f.round}`);
  return parts.join('; ');
}

function viewSection(project: Project, view: FeatureViewDeclaration): string {
  const lines = [`### ${view.name}`, '', view.description, ''];
  const about = [
    view.owner ? `Owner: ${view.owner}.` : '',
    view.tags?.length ? `Tags: ${view.tags.join(', ')}.` : '',
    view.ttlDays !== undefined ? `Online values expire after ${view.ttlDays} days.` : '',
    view.name === project.manifest.model.featureView ? `The model \`${project.manifest.model.name}\` is trained on this view.` : '',
  ].filter(Boolean);
  if (about.length > 0) lines.push(about.join(' '), '');
  lines.push('| feature | kind | dtype | description | dataset / window | owner | tags |', '|---|---|---|---|---|---|---|');
  for (const { feature: f } of expandFeatures(view)) {
    const owner = f.owner ?? view.owner ?? '';
    const tags = (f.tags ?? view.tags ?? []).join(', ');
    const kind = f.internal ? `${f.kind} (internal)` : f.kind;
    lines.push(`| ${[code(f.name), kind, f.dtype, f.description, sourceText(project, f), owner, tags].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

function labelText(project: Project): string {
  const { label } = project.manifest;
  if (label.kind === 'status') return `status: ${code(label.column)} is one of ${label.positive.map((p) => code(String(p))).join(', ')} (one snapshot, labelled and served at once)`;
  return `event: a row at T is positive when ${code(`${label.dataset}.${label.time}`)} falls in [T, T + ${label.horizonDays} d); ${label.snapshots} training times, ${label.horizonDays} days apart`;
}

/**
 * The markdown section of one project for `docs/features.md`: the entity, the label, and per feature view a table
 * of every feature (name, kind, dtype, description, dataset and window, owner, tags). Internal features are
 * listed too, marked: derived features read them.
 */
export function projectFeaturesMarkdown(project: Project): string {
  const { entity } = project.manifest;
  const head = [
    `## ${project.manifest.name}`,
    '',
    project.manifest.description,
    '',
    `Entity: ${entity.name} (${code(entity.key)} of ${code(entity.dataset)}${entity.since ? `, known from ${code(entity.since)}` : ''}). Label: ${labelText(project)}.`,
  ];
  return [head.join('\n'), ...project.views.map((v) => viewSection(project, v))].join('\n\n');
}

/** The whole `docs/features.md`: a title, how it is generated, and a section per project. */
export function featuresMarkdown(projects: Project[], command = 'npx tsx tools/project/features-doc.ts'): string {
  const intro = [
    '# Features',
    '',
    `Generated from each project's \`features.json\` by \`${command}\`; do not edit by hand. ` +
      'Every value at an observation time T is computed from rows whose event time is before T; windows are relative to T ' +
      '(see [stages/transformation.md](stages/transformation.md)).',
  ].join('\n');
  return `${[intro, ...projects.map(projectFeaturesMarkdown)].join('\n\n')}\n`;
}
