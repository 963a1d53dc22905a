import type { ColumnPreparation, DatasetDeclaration } from '@churn/project';
import type { ExpectationSuite } from '@churn/validation';
import { prepareColumn } from './column-roles';
import type { ProjectGuess, TableGuess } from './guess-types';

/** One dataset per table: its key, event time, entity link, dedupe and a role for every column. */
export function draftDataset(t: TableGuess, suite: ExpectationSuite, guess: ProjectGuess): DatasetDeclaration {
  const { profile } = t;
  const linkColumn = t.link && ('column' in t.link ? t.link.column : t.link.through.on);
  const ids = new Set([...t.key, ...(linkColumn ? [linkColumn] : [])]);
  const labelColumn = guess.label.kind === 'status' && profile.table === guess.entity.table ? guess.label.column : undefined;
  const columns: Record<string, ColumnPreparation> = {};
  for (const c of profile.columns) {
    const spec = suite.columns[c.name];
    if (!spec) continue;
    // Date keys (usage per day) stay dates: the key is what identifies a row, the role what the column holds.
    const dateKey = ids.has(c.name) && (spec.type === 'date' || spec.type === 'timestamp');
    columns[c.name] = prepareColumn(c, spec, profile.rows, { id: ids.has(c.name) && !dateKey, label: c.name === labelColumn });
  }
  return {
    name: profile.table,
    source: profile.table,
    description: `${profile.file}: ${profile.rows} rows (drafted by init).`,
    key: t.key,
    ...(t.eventTime ? { eventTime: t.eventTime } : {}),
    ...(t.link ? { entity: t.link } : {}),
    ...(t.dedupeBy ? { dedupe: { by: t.dedupeBy } } : {}),
    columns,
  };
}
