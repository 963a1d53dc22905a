import type { EntityLink, LabelDeclaration } from '@churn/project';
import { initErrors } from './errors';
import { eventTimeOf, type KeyedTable } from './guess-entity';
import type { ColumnProfile, TableProfile } from './profile-types';

const HORIZON_DAYS = 30;
const SNAPSHOTS = 3;
/** Status column names, most telling first. */
const STATUS_NAMES: readonly RegExp[] = [/(?:^|_)churn(?:ed)?(?:_|$)/, /(?:^|_)exit(?:ed)?(?:_|$)/, /(?:^|_)cancel(?:l?ed)?(?:_|$)/, /(?:^|_)attrit(?:ion|ed)(?:_|$)/, /(?:^|_)status(?:_|$)/];
const EVENT_TABLE = /cancel|churn|attrition|terminat/;
const EVENT_TIME = /cancel|churn|terminat|ended|end_date|closed|left/;
const POSITIVE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'churn', 'churned', 'exited', 'exit', 'cancel', 'cancelled', 'canceled', 'attrited', 'left', 'lost', 'terminated']);
const NEGATION_WORDS = new Set(['no', 'not', 'non', 'never', 'n', 'false', 'f', '0']);

const isTime = (c: ColumnProfile) => c.type === 'date' || c.type === 'timestamp';

/** The chosen label, the table and column it reads, and why. */
export interface LabelGuess {
  label: LabelDeclaration;
  table: TableProfile;
  column: string;
  choice: string;
  why: string;
}

/** A `--label table.column[=positive]` option, resolved against the tables. */
export interface LabelOption {
  table: TableProfile;
  column: ColumnProfile;
  positive?: string;
}

export function parseLabelOption(text: string, tables: readonly TableProfile[]): LabelOption {
  const m = /^([^.=]+)\.([^=]+)(?:=(.*))?$/.exec(text);
  if (!m) throw initErrors.invalidOptions(`--label must be <table>.<column> (or <table>.<column>=<churned value>), got ${JSON.stringify(text)}`);
  const [, tableName, columnName, positive] = m as unknown as [string, string, string, string | undefined];
  const table = tables.find((t) => t.table === tableName || t.file === tableName || t.file.replace(/\.csv$/i, '') === tableName);
  if (!table) throw initErrors.invalidOptions(`--label: ${tableName} is not one of the tables (${tables.map((t) => t.table).join(', ')})`);
  const column = table.columns.find((c) => c.name === columnName || c.header === columnName);
  if (!column) throw initErrors.invalidOptions(`--label: ${table.table} has no column ${columnName} (${table.columns.map((c) => c.name).join(', ')})`);
  return { table, column, ...(positive === undefined ? {} : { positive }) };
}

/** The value of a two-valued status that reads as "churned" (`Yes`, `1`, `true`, `Churned`, `Attrited Customer`), when exactly one does. */
export function positiveValueOf(values: readonly string[]): string | undefined {
  const reads = (v: string) => {
    const words = v.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
    return words.some((w) => POSITIVE_WORDS.has(w)) && !words.some((w) => NEGATION_WORDS.has(w));
  };
  const positive = values.filter(reads);
  return positive.length === 1 ? positive[0] : undefined;
}

const typed = (column: ColumnProfile, value: string): string | number | boolean =>
  column.type === 'integer' || column.type === 'number' ? Number(value) : column.type === 'boolean' ? value === 'true' : value;

function statusLabel(table: TableProfile, column: ColumnProfile, positive: string, why: string): LabelGuess {
  return { label: { kind: 'status', column: column.name, positive: [typed(column, positive)] }, table, column: column.name, choice: `status ${column.name} = ${positive}`, why };
}

function eventLabel(table: TableProfile, time: string, why: string): LabelGuess {
  return {
    label: { kind: 'event', dataset: table.table, time, horizonDays: HORIZON_DAYS, snapshots: SNAPSHOTS },
    table,
    column: time,
    choice: `churn events in ${table.table}.${time}`,
    why,
  };
}

function forcedLabel(option: LabelOption, entity: KeyedTable, links: ReadonlyMap<TableProfile, EntityLink>): LabelGuess {
  const { table, column } = option;
  if (isTime(column)) {
    if (table !== entity.table && !links.has(table)) throw initErrors.invalidOptions(`--label: ${table.table} does not reach the entity ${entity.table.table} (no ${entity.refName} column, nor the key of a table that has it)`);
    return eventLabel(table, column.name, '--label, a date column: an event label');
  }
  if (table !== entity.table) throw initErrors.invalidOptions(`--label: a status label is a column of the entity table ${entity.table.table}, and ${column.name} is not a date; pass --entity ${table.table}`);
  const positive = option.positive ?? positiveValueOf(column.values ?? []);
  if (positive === undefined) {
    throw initErrors.invalidOptions(`--label: which value of ${column.name} means churned (${(column.values ?? []).join(', ') || 'many values'})? pass --label ${table.table}.${column.name}=<value>`);
  }
  return statusLabel(table, column, positive, '--label');
}

/**
 * The label: `--label` when given; else a two-valued status column of the entity table named like churn / exited /
 * cancelled / attrition / status (positive: the value named like yes / true / 1 / churned); else churn events in a
 * table named like cancellation / churn that reaches the entity, at its date; else a date column of the entity table
 * named like cancelled / churned.
 *
 * @throws PlatformError CHURN_INIT_NO_LABEL when none is found, CHURN_INIT_INVALID_OPTIONS for a `--label` that does not fit.
 */
export function chooseLabel(tables: readonly TableProfile[], entity: KeyedTable, links: ReadonlyMap<TableProfile, EntityLink>, option?: LabelOption): LabelGuess {
  if (option) return forcedLabel(option, entity, links);
  const rank = (c: ColumnProfile) => STATUS_NAMES.findIndex((re) => re.test(c.name));
  const statuses = entity.table.columns
    .filter((c) => c.name !== entity.key && !isTime(c) && rank(c) >= 0 && c.distinct === 2 && c.values !== null && positiveValueOf(c.values) !== undefined)
    .sort((a, b) => rank(a) - rank(b));
  const status = statuses[0];
  if (status) {
    const positive = positiveValueOf(status.values!)!;
    return statusLabel(entity.table, status, positive, `column named like ${status.name.match(STATUS_NAMES[rank(status)]!)![0].replace(/_/g, '')} with two values, ${status.values!.join(' and ')}`);
  }
  for (const table of tables) {
    if (table === entity.table || !links.has(table) || !EVENT_TABLE.test(table.table)) continue;
    const time = table.columns.find((c) => isTime(c) && EVENT_TIME.test(c.name))?.name ?? eventTimeOf(table);
    if (time) return eventLabel(table, time, `table named like ${table.table.match(EVENT_TABLE)![0]}`);
  }
  const own = entity.table.columns.find((c) => isTime(c) && EVENT_TIME.test(c.name));
  if (own) return eventLabel(entity.table, own.name, `date column of the entity named like ${own.name.match(EVENT_TIME)![0]}`);
  throw initErrors.noLabel(`no two-valued churn / status column in ${entity.table.table}, no table named like cancellation or churn with a date`);
}
