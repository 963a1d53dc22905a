const LF = 0x0a;

/**
 * One JSON document per line, each line ending in '\n' (an empty list gives
 * an empty buffer). The lines are measured first and written into one buffer
 * of exactly their size: no joined string of the whole page (a page-sized
 * string lands in V8's large-object space, freed only by full collections)
 * and no buffer grown or cut to size.
 */
export function toNdjson(records: readonly unknown[]): Buffer {
  const lines = records.map((record) => String(JSON.stringify(record)));
  let bytes = lines.length;
  for (const line of lines) bytes += Buffer.byteLength(line, 'utf8');
  const out = Buffer.allocUnsafe(bytes);
  let used = 0;
  for (const line of lines) {
    used += out.write(line, used, 'utf8');
    out[used++] = LF;
  }
  return out;
}

/** 'page', 1 -> 'page-000001.ndjson'. */
export function partName(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(6, '0')}.ndjson`;
}

export const NDJSON = 'application/x-ndjson';
