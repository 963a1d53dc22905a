import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@churn/contracts';
import { createFsObjectStore } from '@churn/storage';
import { COMPANY_SOURCE_FIELDS } from './company-sources';
import { sampleSchemaOf } from './test-support';
import { assertDeclaresFields, declaredCategories, readValidSchema } from './validated-schema';

const storage = createFsObjectStore({ rootDir: mkdtempSync(join(tmpdir(), 'churn-prep-schema-')) });
afterAll(() => storage.close());
type ValidatedSource = EventPayload<'validation.completed'>['sources'][number];

/** An event entry whose schema.json holds `body`. */
async function entry(source: string, body: string): Promise<ValidatedSource> {
  const key = `validated/source=${source}/run=r/schema.json`;
  const stored = await storage.put(key, body);
  const ref = { key: `validated/source=${source}/run=r/valid.ndjson`, sha256: stored.sha256, bytes: 0 };
  return {
    source, valid: ref, quarantine: ref, report: ref, validArtifactId: 'a', reportArtifactId: 'b', rowsIn: 0, rowsValid: 0, rowsQuarantined: 0,
    schema: { key, sha256: stored.sha256, bytes: stored.bytes },
  };
}

describe('the schema of the validated records', () => {
  it('is read from the key the event names, and checked against the contract', async () => {
    const schema = sampleSchemaOf('cancellations');
    expect(await readValidSchema(storage, await entry('cancellations', JSON.stringify(schema)))).toEqual(schema);
    await expect(readValidSchema(storage, await entry('product_usage', '{"schemaVersion":'))).rejects.toMatchObject({ code: 'CHURN_PREPARATION_BAD_SCHEMA', retriable: false });
    await expect(readValidSchema(storage, await entry('support_tickets', JSON.stringify({ ...schema, source: 'support_tickets', columns: [{ name: 'x' }] })))).rejects.toMatchObject({
      code: 'CHURN_PREPARATION_BAD_SCHEMA',
      message: expect.stringContaining('/columns/0'),
    });
    await expect(readValidSchema(storage, await entry('billing_invoices', JSON.stringify(schema)))).rejects.toMatchObject({
      code: 'CHURN_PREPARATION_BAD_SCHEMA',
      message: expect.stringContaining('is about cancellations'),
    });
  });

  it('gives the declared categories as text, in the declared order, and refuses a column without an enum', () => {
    const schema = { ...sampleSchemaOf('support_tickets'), columns: [{ name: 'size', type: 'integer' as const, required: false, enum: [3, 1] }, { name: 'note', type: 'string' as const, required: false }] };
    expect(declaredCategories(schema, ['size'])).toEqual({ size: ['3', '1'] });
    expect(() => declaredCategories(schema, ['size', 'note'])).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_CATEGORIES_UNDECLARED', retriable: false, context: { source: 'support_tickets', column: 'note' } }),
    );
  });

  it('must declare every field the preparer reads', () => {
    const schema = sampleSchemaOf('billing_invoices');
    expect(() => assertDeclaresFields(schema, COMPANY_SOURCE_FIELDS.billing_invoices)).not.toThrow();
    const lacking = { ...schema, columns: schema.columns.filter((c) => c.name !== 'amount') };
    expect(() => assertDeclaresFields(lacking, COMPANY_SOURCE_FIELDS.billing_invoices)).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_SCHEMA_MISMATCH', message: expect.stringContaining('billing_invoices: the validated records do not declare amount') }),
    );
  });
});
