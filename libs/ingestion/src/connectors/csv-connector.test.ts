import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvSourceConfig } from '../sources-config/source-types';
import type { ConnectorRun } from './connector';
import { createCsvConnector, type CsvConnectorDeps } from './csv-connector';
import { startRestTestServer, type RestTestServer } from './rest-test-server';

const log = pino({ level: 'silent' });
const utf8Csv = 'customer_id,city,note\r\nC0000001,Zürich,"a ""quoted"", multi\nline"\r\nC0000002,Kraków,€ 12.50\r\n';
const latin1Csv = iconv.encode('customer_id;city;note\r\nC0000001;Besançon;Müller – 15 €\r\n', 'windows-1252');

const csvSource = (location: string, encoding = 'utf-8'): CsvSourceConfig => ({ name: 'crm_customers', kind: 'csv', enabled: true, csv: { location, encoding, delimiter: ',' } });

async function readAll(run: ConnectorRun) {
  const parts = [];
  for await (const part of run.parts) {
    const chunks: Buffer[] = [];
    for await (const chunk of part.body as Readable) chunks.push(chunk as Buffer);
    parts.push({ name: part.name, contentType: part.contentType, records: part.records, bytes: Buffer.concat(chunks) });
  }
  return parts;
}
const open = (source: CsvSourceConfig, deps: CsvConnectorDeps = {}, watermark?: string) =>
  createCsvConnector(source, { retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 }, ...deps }).open({ watermark, signal: new AbortController().signal, log });

let dir: string;
let server: RestTestServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csv-connector-'));
  writeFileSync(join(dir, 'crm_customers.csv'), utf8Csv);
  writeFileSync(join(dir, 'legacy-export.csv'), latin1Csv);
  server = await startRestTestServer();
  server.files.set('crm_customers.csv', Buffer.from(utf8Csv));
});
afterAll(async () => server.close());

describe('CSV connector: local files', () => {
  it('hands the file on as one part, byte for byte, named by its basename', async () => {
    const run = open(csvSource(join(dir, 'crm_customers.csv')), {}, 'w1');
    const parts = await readAll(run);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ name: 'crm_customers.csv', contentType: 'text/csv', records: undefined });
    expect(parts[0]!.bytes.equals(Buffer.from(utf8Csv))).toBe(true);
    expect(run.watermark()).toBe('w1');
  });

  it('keeps windows-1252 bytes untouched (no decoding on the way in)', async () => {
    const parts = await readAll(open(csvSource(join(dir, 'legacy-export.csv'), 'windows-1252')));
    expect(parts[0]!.bytes.equals(latin1Csv)).toBe(true);
    expect(parts[0]!.bytes.includes(0x80)).toBe(true); // '€' in windows-1252
  });

  it('refuses a missing file without retrying', async () => {
    const run = open(csvSource(join(dir, 'missing.csv')));
    await expect(readAll(run)).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_NOT_FOUND', retriable: false });
    expect(run.stats().retries).toBe(0);
  });
});

describe('CSV connector: http', () => {
  it('streams a URL byte for byte, retrying a 5xx first', async () => {
    server.faults.push({ status: 503 });
    const run = open(csvSource(`${server.url}/files/crm_customers.csv`));
    const parts = await readAll(run);
    expect(parts[0]!.name).toBe('crm_customers.csv');
    expect(parts[0]!.bytes.equals(Buffer.from(utf8Csv))).toBe(true);
    expect(run.stats()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('answers a 404 with a non-retriable NOT_FOUND after one request', async () => {
    const run = open(csvSource(`${server.url}/files/nope.csv`));
    await expect(readAll(run)).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_NOT_FOUND',
      retriable: false,
      context: { attempts: 1, lastStatus: 404 },
    });
    expect(run.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('retries an unreachable host, then gives up', async () => {
    const run = open(csvSource('http://127.0.0.1:1/x.csv'));
    await expect(readAll(run)).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_UNAVAILABLE', retriable: false, context: { attempts: 3 } });
  });
});

describe('CSV connector: s3 (local S3 server)', () => {
  const client = new S3Client({
    endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9000',
    region: process.env.S3_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'S3RVER', secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'S3RVER' },
  });
  const bucket = process.env.S3_BUCKET ?? 'churn-lake';
  const key = `test/csv-connector/${randomUUID()}/export.csv`;
  afterAll(async () => {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    client.destroy();
  });

  it('streams an object byte for byte; a missing key is NOT_FOUND', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: latin1Csv }));
    const parts = await readAll(open(csvSource(`s3://${bucket}/${key}`), { s3: client }));
    expect(parts[0]!.name).toBe('export.csv');
    expect(parts[0]!.bytes.equals(latin1Csv)).toBe(true);

    await expect(readAll(open(csvSource(`s3://${bucket}/${key}.missing`), { s3: client }))).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_NOT_FOUND',
      retriable: false,
    });
  });
});
