import type { EntityLink } from '@churn/project';
import { initErrors } from './errors';
import { chooseEntity, eventTimeOf, linkOf, sinceOf } from './guess-entity';
import { compositeKeyOf, dedupeColumnOf, singleKeyOf } from './guess-keys';
import { chooseLabel, parseLabelOption } from './guess-label';
import type { InitGuess, ProjectGuess, TableGuess } from './guess-types';
import { singular } from './naming';
import type { TableProfile } from './profile-types';

const isTimeType = (type: string) => type === 'date' || type === 'timestamp';

/**
 * Guesses the shape of a project from profiled tables: the entity and its key, how every other table reaches it,
 * keys, event times, dedupe columns, the signup date and the label. Each guess comes with its reason.
 */
export function guessProject(tables: readonly TableProfile[], options: { entity?: string; label?: string } = {}): ProjectGuess {
  const guesses: InitGuess[] = [];
  const say = (topic: string, choice: string, why: string) => guesses.push({ topic, choice, why });
  const labelOption = options.label === undefined ? undefined : parseLabelOption(options.label, tables);
  // A status label names its table: the entity, unless told otherwise.
  const labelTable = labelOption && !isTimeType(labelOption.column.type) ? labelOption.table.table : undefined;
  const { entity, why } = chooseEntity(tables, options.entity ?? labelTable, options.entity ? '--entity' : 'the table of the --label status column');
  say('entity', entity.table.table, why);

  const links = new Map<TableProfile, EntityLink>();
  const linkColumns = new Map<TableProfile, string>();
  const linkWhy = new Map<TableProfile, string>();
  for (const table of tables) {
    const found = linkOf(table, entity, tables);
    if (!found) continue;
    links.set(table, found.link);
    linkColumns.set(table, found.column);
    linkWhy.set(table, found.why);
  }

  const label = chooseLabel(tables, entity, links, labelOption);
  say('label', label.choice, label.why);

  let since = sinceOf(entity.table);
  if (since) say('since', since, 'date column of the entity named like signup / created / start / joined');
  else if (label.label.kind === 'event') {
    since = entity.table.columns.find((c) => isTimeType(c.type) && !(label.table === entity.table && c.name === label.column))?.name;
    if (!since) throw initErrors.noSince(entity.table.table);
    say('since', since, 'first date column of the entity (an event label needs one)');
  }

  const drafted: TableGuess[] = tables.map((table) => {
    const guess: TableGuess = { profile: table, key: [], repeatedKeys: 0 };
    if (table === entity.table) {
      guess.key = [entity.key];
      guess.repeatedKeys = entity.repeated;
    } else {
      guess.eventTime = eventTimeOf(table);
      if (guess.eventTime) say(`event time of ${table.table}`, guess.eventTime, 'first date column');
      const key = singleKeyOf(table) ?? compositeKeyOf(table, linkColumns.get(table), guess.eventTime);
      guess.key = key.key;
      guess.repeatedKeys = key.repeated;
      say(`key of ${table.table}`, key.key.join(' + '), key.why);
      const link = links.get(table);
      if (link) {
        guess.link = link;
        say(`link of ${table.table}`, 'column' in link ? `by ${link.column}` : `through ${link.through.dataset} on ${link.through.on}`, linkWhy.get(table)!);
      } else say(`link of ${table.table}`, 'none', `no ${entity.refName} column, nor the key of a table that has one: no features from it`);
    }
    guess.dedupeBy = dedupeColumnOf(table);
    if (guess.dedupeBy) say(`dedupe of ${table.table}`, `by ${guess.dedupeBy}`, 'a "last changed" column: the newest row per key is kept');
    return guess;
  });

  const name = entity.key !== 'id' && entity.key.endsWith('_id') ? entity.key.slice(0, -3) : singular(entity.table.table);
  return { tables: drafted, entity: { name, table: entity.table.table, key: entity.key, ...(since ? { since } : {}) }, label: label.label, guesses };
}
