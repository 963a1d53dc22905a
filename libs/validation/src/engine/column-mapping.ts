import { SUITE_NAME_PATTERN } from '../suites/suites-schema';
import { str } from './sql';

/**
 * How a source's raw columns become the suite's columns: the `columns` of the source in sources.json without its
 * `types` hints. `rename` maps a raw header (or NDJSON property) to its platform name; `drop` lists raw columns the
 * validator ignores. The raw zone keeps the source's own names: the mapping is applied when raw data is read.
 */
export interface ColumnMapping {
  rename?: Readonly<Record<string, string>>;
  drop?: readonly string[];
}

/** One thing wrong with a mapping, at a path inside it (`['rename', 'customerID']`, `['drop', 0]`). */
export interface ColumnMappingProblem {
  path: Array<string | number>;
  reason: string;
}

/**
 * A mapping ready to apply. A raw column named like a rename's target is shadowed rather than read twice: the
 * mapping says where each column comes from.
 */
export interface ResolvedMapping {
  /** The mapping renames or drops something. */
  active: boolean;
  /** Platform name of a raw column; undefined when it is dropped or {@link ResolvedMapping.shadowed}. */
  nameOf(raw: string): string | undefined;
  /**
   * For a raw column named like a rename's target and not renamed itself (a `customer_id` beside
   * `customerID -> customer_id`): the raw column the target is read from instead. Such a column is ignored, and
   * reported. Undefined for every other column.
   */
  shadowed(raw: string): string | undefined;
  /** The raw column a platform column is read from; undefined when the raw column of that name is renamed away or dropped. */
  rawOf(name: string): string | undefined;
  /** Why a platform column has no raw column of its own (`rawOf` undefined), for messages. */
  absence(name: string): string | undefined;
}

const NAME = new RegExp(SUITE_NAME_PATTERN);

/**
 * The rules of a mapping: a rename target is a name a suite can hold (`^[a-z][a-z0-9_]*$`), no two raw columns are
 * renamed to one name, and no raw column is both renamed and dropped.
 */
export function columnMappingProblems(mapping: ColumnMapping): ColumnMappingProblem[] {
  const problems: ColumnMappingProblem[] = [];
  // A mapping read from a file may not have its declared shape.
  const { rename, drop } = mapping as { rename?: unknown; drop?: unknown };
  if (rename !== undefined && (rename === null || typeof rename !== 'object' || Array.isArray(rename))) problems.push({ path: ['rename'], reason: 'must be an object of raw name -> column name' });
  if (drop !== undefined && !(Array.isArray(drop) && drop.every((d) => typeof d === 'string'))) problems.push({ path: ['drop'], reason: 'must be an array of raw column names' });
  if (problems.length > 0) return problems;
  const targets = new Map<string, string>();
  for (const [raw, name] of Object.entries(mapping.rename ?? {})) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      problems.push({ path: ['rename', raw], reason: `${JSON.stringify(name)} is not a column name a suite can hold (must match ${SUITE_NAME_PATTERN})` });
      continue;
    }
    const first = targets.get(name);
    if (first !== undefined) problems.push({ path: ['rename', raw], reason: `renames to "${name}" as "${first}" does: two raw columns cannot become one` });
    else targets.set(name, raw);
  }
  (mapping.drop ?? []).forEach((raw, i) => {
    if (Object.hasOwn(mapping.rename ?? {}, raw)) problems.push({ path: ['drop', i], reason: `"${raw}" is both renamed and dropped` });
  });
  return problems;
}

/** Resolves a mapping (none: every column keeps its name). Check it with {@link columnMappingProblems} first. */
export function resolveMapping(mapping: ColumnMapping = {}): ResolvedMapping {
  const rename = new Map(Object.entries(mapping.rename ?? {}));
  const drop = new Set(mapping.drop ?? []);
  const sourceOf = new Map([...rename].map(([raw, name]) => [name, raw]));
  const active = drop.size > 0 || [...rename].some(([raw, name]) => raw !== name);
  return {
    active,
    nameOf: (raw) => (drop.has(raw) ? undefined : (rename.get(raw) ?? (sourceOf.has(raw) ? undefined : raw))),
    shadowed: (raw) => (drop.has(raw) || rename.has(raw) ? undefined : sourceOf.get(raw)),
    rawOf: (name) => sourceOf.get(name) ?? (drop.has(name) || rename.has(name) ? undefined : name),
    absence(name) {
      if (sourceOf.has(name)) return undefined;
      if (drop.has(name)) return `the source's columns.drop leaves out "${name}"`;
      if (rename.has(name)) return `the source's columns.rename renames "${name}" to "${rename.get(name)}"`;
      return undefined;
    },
  };
}

/** `"customer_id" (raw "customerID")`, or the quoted name alone when the raw column has it too. */
export function withRaw(name: string, raw: string | undefined): string {
  return raw === undefined || raw === name ? `"${name}"` : `"${name}" (raw "${raw}")`;
}

/** A JSON pointer to one property, for DuckDB's json_extract: any key, '~' and '/' escaped. */
export function pointerTo(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * SQL for the JSON object `txt` with its properties renamed and dropped as `mapping` says (property order kept),
 * for the quarantine's `raw`: a shadowed property is left out, as the loader ignores it.
 */
export function mappedObjectSql(txt: string, mapping: ColumnMapping): string {
  const rename = Object.entries(mapping.rename ?? {}).filter(([raw, name]) => raw !== name);
  // Raw properties that are dropped, or shadowed (they have the name a rename gives another property).
  const resolved = resolveMapping(mapping);
  const ignored = [...new Set([...(mapping.drop ?? []), ...rename.map(([, name]) => name).filter((name) => resolved.shadowed(name) !== undefined)])];
  const keys = ignored.length > 0 ? `list_filter(json_keys(${txt}), k -> k NOT IN (${ignored.map(str).join(', ')}))` : `json_keys(${txt})`;
  const name = rename.length > 0 ? `CASE k ${rename.map(([raw, to]) => `WHEN ${str(raw)} THEN ${str(to)}`).join(' ')} ELSE k END` : 'k';
  const pointer = `'/' || replace(replace(k, '~', '~0'), '/', '~1')`;
  return `('{' || array_to_string(list_transform(${keys}, k -> to_json(${name}) || ':' || json_extract(${txt}, ${pointer})), ',') || '}')::JSON`;
}
