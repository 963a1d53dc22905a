/** One JSON document per line, each line ending in '\n' (an empty list gives an empty buffer). */
export function toNdjson(records: readonly unknown[]): Buffer {
  return Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
}

/** 'page', 1 -> 'page-000001.ndjson'. */
export function partName(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(6, '0')}.ndjson`;
}

export const NDJSON = 'application/x-ndjson';
