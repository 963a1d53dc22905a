import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCompanySourceSchemas } from './schemas/company-source-schemas';
import type { TypedRecord } from './schemas/source-schema';
import { invoice, toNdjson } from './test-support';
import { validateNdjsonStream } from './validate-ndjson';
import { type QuarantineEntry, ValidationRun } from './validation-run';

const schema = createCompanySourceSchemas().billing_invoices;
const id = (n: number) => `INV-000000${n}-202610`;

describe('ValidationRun across deliveries (newest first)', () => {
  it('keeps the newest valid version of a key, supersedes older ones, and keeps duplicate-key within a delivery', async () => {
    const run = new ValidationRun({ schema });
    const valid: TypedRecord[] = [];
    const quarantined: QuarantineEntry[] = [];
    const sink = { onValid: (r: TypedRecord) => void valid.push(r), onQuarantined: (q: QuarantineEntry) => void quarantined.push(q) };
    const newer = toNdjson(invoice({ invoice_id: id(1), amount: 20 }), invoice({ invoice_id: id(2), status: 'PAID' }));
    const older = toNdjson(
      invoice({ invoice_id: id(1), amount: 10 }),
      invoice({ invoice_id: id(1), amount: 11 }),
      invoice({ invoice_id: id(2), amount: 30 }),
      invoice({ invoice_id: id(3) }),
      invoice({ invoice_id: id(3), amount: 5 }),
    );
    await validateNdjsonStream(Readable.from([newer]), run, sink);
    run.startOlderDelivery();
    await validateNdjsonStream(Readable.from([older]), run, sink);

    // id 2: its newest version is broken, so the older valid one is the first VALID occurrence and wins.
    expect(valid.map((r) => [r['invoice_id'], r['amount']])).toEqual([
      [id(1), 20],
      [id(2), 30],
      [id(3), 52.4],
    ]);
    expect(quarantined.map((q) => [q.line, q.errors.map((e) => e.rule)])).toEqual([
      [2, ['enum']],
      [5, ['duplicate-key']],
    ]);
    expect(run.finish()).toMatchObject({ rowsIn: 7, rowsValid: 3, rowsQuarantined: 2, rowsSuperseded: 2, duplicateKeys: 1 });
  });

  it('supersedes nothing within the first delivery', async () => {
    const run = new ValidationRun({ schema });
    const sink = { onValid: () => undefined, onQuarantined: () => undefined };
    await validateNdjsonStream(Readable.from([toNdjson(invoice(), invoice())]), run, sink);
    expect(run.finish()).toMatchObject({ rowsIn: 2, rowsValid: 1, rowsQuarantined: 1, rowsSuperseded: 0 });
  });
});
