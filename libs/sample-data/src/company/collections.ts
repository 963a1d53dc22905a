import type { Random } from '../random';
import type { EpochDay } from './calendar';
import { type DefectSpec, injectDefects } from './defects';
import type { DefectEntry, DefectRates, SampleCollection } from './types';

/**
 * All slots of one customer in a collection: the regular slots followed by
 * one slot that only ever holds an injected duplicate.
 */
export interface Block<T> {
  records: Array<T | undefined>;
  defects: DefectEntry[][];
}

/** What building a block needs besides the clean records. */
export interface BlockContext {
  spec: DefectSpec;
  rates: DefectRates;
  asOfDay: EpochDay;
  /** Defect stream of regular slot s; slot `records.length` decides the duplicate. */
  rngFor(slot: number): Random;
}

/**
 * Dirties the clean records of a customer and appends the duplicate slot. A
 * customer with n records gets a duplicate with probability 1 - (1 - rate)^n,
 * i.e. about `rate` per record, placed right after its block (as an API that
 * repeats a record on a later page would).
 */
export function buildBlock<T extends Record<string, unknown>>(clean: Array<T | undefined>, idOf: (r: T) => string, ctx: BlockContext): Block<T> {
  const records: Array<T | undefined> = [];
  const defects: DefectEntry[][] = [];
  const filled: number[] = [];
  clean.forEach((record, s) => {
    if (record === undefined) {
      records.push(undefined);
      defects.push([]);
      return;
    }
    filled.push(s);
    const dirty: Record<string, unknown> = { ...record };
    defects.push(injectDefects(dirty, idOf(record), ctx.spec, ctx.rates, ctx.rngFor(s), ctx.asOfDay));
    records.push(dirty as T);
  });
  const dupRng = ctx.rngFor(clean.length);
  const pDuplicate = 1 - Math.pow(1 - ctx.rates.duplicate, filled.length);
  if (filled.length > 0 && dupRng.bernoulli(pDuplicate)) {
    const source = records[filled[dupRng.int(0, filled.length - 1)]!]!;
    records.push({ ...source });
    defects.push([{ source: ctx.spec.source, key: idOf(source), defect: 'duplicate', value: 1 }]);
  } else {
    records.push(undefined);
    defects.push([]);
  }
  return { records, defects };
}

/** A tiny insertion-ordered cache: consumers walk indexes in order, so a few recent customers cover nearly all hits. */
export function memoize<T>(compute: (j: number) => T, capacity = 32): (j: number) => T {
  const cache = new Map<number, T>();
  return (j) => {
    const hit = cache.get(j);
    if (hit !== undefined) return hit;
    const value = compute(j);
    if (cache.size >= capacity) cache.delete(cache.keys().next().value as number);
    cache.set(j, value);
    return value;
  };
}

/** A collection over `customers * slots` indexes backed by per-customer blocks. */
export function blockCollection<T extends Record<string, unknown>>(
  name: string,
  customers: number,
  slots: number,
  blockOf: (j: number) => Block<T>,
): SampleCollection<T> {
  const size = customers * slots;
  const locate = (index: number): Block<T> | undefined => {
    if (!Number.isInteger(index) || index < 0 || index >= size) return undefined;
    return blockOf(Math.floor(index / slots));
  };
  return {
    name,
    size,
    get(index) {
      const record = locate(index)?.records[index % slots];
      // A copy, so a caller mutating a record cannot change what the next get returns.
      return record === undefined ? undefined : { ...record };
    },
    defectsAt(index) {
      return (locate(index)?.defects[index % slots] ?? []).map((e) => ({ ...e }));
    },
  };
}
