import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, start } from './processes';

describe('ingestion started with a malformed sources config', () => {
  it('refuses to start, naming the source and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-sources-'));
    const file = join(dir, 'sources.json');
    writeFileSync(
      file,
      JSON.stringify({
        sources: [
          { name: 'crm_customers', kind: 'csv', csv: { location: './x.csv' } },
          { name: 'billing_invoices', kind: 'rest', rest: { url: 'http://127.0.0.1:1/x', pagination: { type: 'sideways' } } },
        ],
      }),
    );
    const service = start(process.execPath, ['--import', 'tsx', 'apps/ingestion/src/main.ts'], cleanEnv({
      SOURCES_FILE: file,
      PORT: '0',
      LAKE_DIR: join(dir, 'lake'),
      DATABASE_URL: 'pglite:memory',
    }));
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toContain('ingestion could not start');
    expect(service.stderr()).toMatch(/sources\[1\] \(billing_invoices\)\.rest\.pagination\.type: must be one of cursor, page, offset, link/);
    expect(service.stdout()).not.toContain('listening');
  }, 90_000);
});
