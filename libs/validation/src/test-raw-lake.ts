/**
 * Test support: lands raw parts and their RawManifest v2 manifests in a test
 * lake the way ingestion does (same key layout, artifact rows included), and
 * builds the `ingestion.completed` entries that point at them. Not exported.
 */
import type { Readable } from 'node:stream';
import type { EventPayload, RawManifest } from '@churn/contracts';
import type { ArtifactWriter } from '@churn/lineage';
import type { RecordCollection, SampleCompany } from '@churn/sample-data';

export type IngestedSource = EventPayload<'ingestion.completed'>['sources'][number];
type ObjectRef = IngestedSource['manifest'];

/** One part to land: its file name and exact bytes. */
export interface TestPart {
  name: string;
  body: Buffer | string | Readable;
  records?: number;
}

/** Lands one ingestion run of a source (its parts, then its manifest) and returns the manifest's reference. */
export async function landRun(
  artifacts: ArtifactWriter,
  input: { source: string; kind: 'csv' | 'rest' | 'postgres'; ingestionRunId: string; runId: string; parts: TestPart[]; day?: string },
): Promise<ObjectRef> {
  const format = input.kind === 'csv' ? 'csv' : 'ndjson';
  const prefix = `raw/source=${input.source}/type=${input.kind}/ingest_date=${input.day ?? '2026-10-31'}/run=${input.ingestionRunId}/`;
  const contentType = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  const parts: RawManifest['parts'] = [];
  for (const part of input.parts) {
    const stored = await artifacts.put({ kind: 'raw', key: `${prefix}${part.name}`, body: part.body, contentType, runId: input.runId, producer: 'ingestion' });
    parts.push({ name: part.name, key: stored.key, sha256: stored.sha256, bytes: stored.bytes, records: part.records ?? 0, contentType, reused: false });
  }
  const now = new Date().toISOString();
  const manifest: RawManifest = {
    manifestVersion: 2,
    source: input.source,
    kind: input.kind,
    format,
    ingestionRunId: input.ingestionRunId,
    pipelineRunId: input.runId,
    trigger: 'pipeline',
    startedAt: now,
    finishedAt: now,
    records: parts.reduce((sum, p) => sum + (p.records ?? 0), 0),
    bytes: parts.reduce((sum, p) => sum + p.bytes, 0),
    parts,
  };
  const stored = await artifacts.put({
    kind: 'manifest',
    key: `${prefix}_manifest.json`,
    body: JSON.stringify(manifest, null, 2),
    contentType: 'application/json',
    runId: input.runId,
    producer: 'ingestion',
  });
  return { key: stored.key, sha256: stored.sha256, bytes: stored.bytes };
}

/** The `ingestion.completed` entry of a source whose snapshot is `snapshot` (oldest first). */
export function ingestedSource(source: string, kind: 'csv' | 'rest' | 'postgres', snapshot: ObjectRef[], records = 0): IngestedSource {
  const manifest = snapshot[snapshot.length - 1]!;
  return { source, kind, format: kind === 'csv' ? 'csv' : 'ndjson', ingestionRunId: `ir-${source}`, manifest, snapshot, records };
}

/** Records as NDJSON pages of `perPage` lines, as the REST and Postgres connectors store them. */
export function* ndjsonPages(records: Iterable<Record<string, unknown> | undefined>, perPage: number): Generator<{ body: Buffer; records: number }> {
  let lines: string[] = [];
  for (const r of records) {
    if (r === undefined) continue;
    lines.push(JSON.stringify(r));
    if (lines.length === perPage) {
      yield { body: Buffer.from(`${lines.join('\n')}\n`), records: lines.length };
      lines = [];
    }
  }
  if (lines.length > 0) yield { body: Buffer.from(`${lines.join('\n')}\n`), records: lines.length };
}

/** Every record of a collection, in index order. */
export function* recordsOf(c: RecordCollection): Generator<Record<string, unknown> | undefined> {
  for (let i = 0; i < c.size; i += 1) yield c.get(i);
}

/** Lands all five sources of a sample company (CRM as one CSV, REST pages of 500, Postgres parts of 5,000). */
export async function landSampleCompany(artifacts: ArtifactWriter, company: SampleCompany, runId: string): Promise<IngestedSource[]> {
  const pages = (records: Iterable<Record<string, unknown> | undefined>, perPage: number, name: string): TestPart[] =>
    [...ndjsonPages(records, perPage)].map((p, i) => ({ name: `${name}-${String(i + 1).padStart(6, '0')}.ndjson`, ...p }));
  const land = async (source: string, kind: 'csv' | 'rest' | 'postgres', parts: TestPart[]) => {
    const manifest = await landRun(artifacts, { source, kind, ingestionRunId: `ir-${source}`, runId, parts });
    return ingestedSource(source, kind, [manifest], parts.reduce((sum, p) => sum + (p.records ?? 0), 0));
  };
  return [
    await land('crm_customers', 'csv', [{ name: 'crm_customers.csv', body: company.crmCsv() }]),
    await land('billing_invoices', 'rest', pages(recordsOf(company.collections.billing_invoices), 500, 'page')),
    await land('support_tickets', 'rest', pages(recordsOf(company.collections.support_tickets), 500, 'page')),
    await land('cancellations', 'rest', pages(recordsOf(company.collections.cancellations), 500, 'page')),
    await land('product_usage', 'postgres', pages(company.usageRows(), 5000, 'part')),
  ];
}
