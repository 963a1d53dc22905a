import { setImmediate as nextTick } from 'node:timers/promises';
import { SampleSourcesErrorCode, sampleSourcesError } from '../errors';
import type { RecordCollection } from '../record-collection';
import { PositionMap } from './position-map';

type Rec = Record<string, unknown>;

/** Result of a scan: the records found and the index of the next matching record (null: none left). */
export interface ScanResult {
  records: Rec[];
  nextIndex: number | null;
}

const YIELD_EVERY = 16_384;
const COARSE_CHECKPOINT = 1024;
const MAX_VIEWS = 64;

/**
 * Walks one collection lazily: only the indexes a request needs are read
 * (`get`), and scans yield to the event loop so a long one does not stall
 * other requests. Per `updated_since` view it remembers checkpoints and the
 * total count, so walking page after page costs one page each.
 */
export class RecordScanner {
  private readonly maps = new Map<string, PositionMap>();
  private readonly totals = new Map<string, Promise<number>>();

  constructor(private readonly collection: RecordCollection) {}

  /** Up to `limit` matching records from index `from` on, plus the index of the following match. */
  async scanFrom(from: number, limit: number, sinceMs: number | undefined): Promise<ScanResult> {
    const records: Rec[] = [];
    const size = this.collection.size;
    let i = from;
    let work = 0;
    for (; i < size; i++) {
      if (++work % YIELD_EVERY === 0) await nextTick();
      const rec = this.matching(i, sinceMs);
      if (rec === undefined) continue;
      if (records.length === limit) return { records, nextIndex: i };
      records.push(rec);
    }
    return { records, nextIndex: null };
  }

  /** The matching records at positions [position, position + limit) of the filtered sequence. */
  async slice(position: number, limit: number, sinceMs: number | undefined): Promise<ScanResult> {
    const map = this.mapFor(sinceMs);
    const start = map.floor(position);
    const size = this.collection.size;
    let count = start.position;
    let i = start.index;
    let work = 0;
    // Skip to the wanted position, leaving coarse checkpoints behind for later jumps.
    for (; i < size && count < position; i++) {
      if (++work % YIELD_EVERY === 0) await nextTick();
      if (this.matching(i, sinceMs) === undefined) continue;
      count++;
      if (count % COARSE_CHECKPOINT === 0) map.add(count, i + 1);
    }
    if (count < position) return { records: [], nextIndex: null };
    map.add(count, i);
    const result = await this.scanFrom(i, limit, sinceMs);
    if (result.nextIndex !== null) map.add(position + result.records.length, result.nextIndex);
    return result;
  }

  /** Number of matching records; one full scan per view, then cached. */
  total(sinceMs: number | undefined): Promise<number> {
    const key = viewKey(sinceMs);
    let total = this.totals.get(key);
    if (total === undefined) {
      total = this.count(sinceMs);
      total.catch(() => this.totals.delete(key));
      remember(this.totals, key, total);
    }
    return total;
  }

  private async count(sinceMs: number | undefined): Promise<number> {
    const map = this.mapFor(sinceMs);
    const size = this.collection.size;
    let count = 0;
    for (let i = 0; i < size; i++) {
      if ((i + 1) % YIELD_EVERY === 0) await nextTick();
      if (this.matching(i, sinceMs) === undefined) continue;
      count++;
      if (count % COARSE_CHECKPOINT === 0) map.add(count, i + 1);
    }
    return count;
  }

  private mapFor(sinceMs: number | undefined): PositionMap {
    const key = viewKey(sinceMs);
    let map = this.maps.get(key);
    if (map === undefined) {
      map = new PositionMap();
      remember(this.maps, key, map);
    }
    return map;
  }

  private matching(index: number, sinceMs: number | undefined): Rec | undefined {
    const rec = this.collection.get(index);
    if (rec === undefined || sinceMs === undefined) return rec;
    const updatedAt = rec['updated_at'];
    const ms = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
    if (Number.isNaN(ms)) {
      throw sampleSourcesError(SampleSourcesErrorCode.RecordInvalid, 'record has no valid string updated_at', {
        context: { collection: this.collection.name, index },
      });
    }
    return ms > sinceMs ? rec : undefined;
  }
}

function viewKey(sinceMs: number | undefined): string {
  return sinceMs === undefined ? '*' : String(sinceMs);
}

/** Insert with a bound: the oldest view is forgotten first (clients walk one view at a time). */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_VIEWS) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
