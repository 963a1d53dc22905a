import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from '@churn/storage';
import { readSnapshot } from './raw-snapshot';

const storage = createFsObjectStore({ rootDir: mkdtempSync(join(tmpdir(), 'validation-snapshot-')) });
afterAll(() => storage.close());

const manifest = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    manifestVersion: 2,
    source: 'billing_invoices',
    kind: 'rest',
    format: 'ndjson',
    ingestionRunId: 'ir-1',
    trigger: 'pipeline',
    startedAt: '2026-10-31T10:00:00Z',
    finishedAt: '2026-10-31T10:01:00Z',
    records: 0,
    bytes: 0,
    parts: [],
    ...overrides,
  });
const entry = (...keys: string[]) => ({ source: 'billing_invoices', format: 'ndjson' as const, snapshot: keys.map((key) => ({ key })) });

describe('readSnapshot', () => {
  it('returns the manifests newest first', async () => {
    await storage.put('raw/a/_manifest.json', manifest({ ingestionRunId: 'ir-old' }));
    await storage.put('raw/b/_manifest.json', manifest({ ingestionRunId: 'ir-new' }));
    const manifests = await readSnapshot(storage, entry('raw/a/_manifest.json', 'raw/b/_manifest.json'));
    expect(manifests.map((m) => [m.key, m.manifest.ingestionRunId])).toEqual([
      ['raw/b/_manifest.json', 'ir-new'],
      ['raw/a/_manifest.json', 'ir-old'],
    ]);
  });

  it.each([
    ['absent', undefined, 'not found'],
    ['not JSON', '{"manifestVersion": 2,', 'not JSON'],
    ['an old manifest version', manifest({ manifestVersion: 1 }), 'not a RawManifest v2'],
    ['about another source', manifest({ source: 'support_tickets' }), 'describes support_tickets (ndjson), expected billing_invoices (ndjson)'],
    ['in another format', manifest({ kind: 'csv', format: 'csv' }), 'expected billing_invoices (ndjson)'],
  ])('fails with CHURN_VALIDATION_BAD_MANIFEST (not retriable) on a manifest %s', async (what, body, detail) => {
    const key = `raw/bad-${what.replace(/\W/g, '-')}/_manifest.json`;
    if (body !== undefined) await storage.put(key, body);
    const err = await readSnapshot(storage, entry(key)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_VALIDATION_BAD_MANIFEST', retriable: false, context: { source: 'billing_invoices', manifest: key } });
    expect((err as Error).message).toContain(detail);
  });
});
