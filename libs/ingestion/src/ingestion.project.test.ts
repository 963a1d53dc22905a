import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawManifest } from '@churn/contracts';
import { loadProject } from '@churn/project';
import { buildServiceApp, createTestContext, type ServiceContext } from '@churn/service';
import { ingestionService } from './ingestion.service';

const TELCO_DIR = fileURLToPath(new URL('../../../projects/telco', import.meta.url));

// No SOURCES_FILE: the sources are the project's sources.json, whose CSV location is ${PROJECT_DIR}/data/....
describe('ingestion: sources from the project', () => {
  let ctx: ServiceContext & { close(): Promise<void> };
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('ingestion', { PROJECT_DIR: TELCO_DIR, INGESTION_SCHEDULES: 'false' }, ingestionService);
    app = await buildServiceApp(ingestionService, ctx);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it("reads the project's sources.json, expanding ${PROJECT_DIR} to the project folder, and lands the file byte for byte (the column mapping is the validator's)", async () => {
    expect((await app.inject('/sources')).json().map((s: { name: string }) => s.name)).toEqual(['telco_customers']);
    const started = await app.inject({ method: 'POST', url: '/ingestions', payload: { source: 'telco_customers' } });
    expect(started.statusCode).toBe(202);
    let run: { status: string; manifestKey: string; records: number } | undefined;
    for (let i = 0; i < 400 && (run === undefined || run.status === 'running'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const response = await app.inject(`/ingestions/${started.json().id}`);
      if (response.statusCode === 200) run = response.json();
    }
    expect(run).toMatchObject({ status: 'succeeded', records: 7043 });
    const manifest = JSON.parse((await ctx.storage.getBuffer(run!.manifestKey)).toString()) as RawManifest;
    const stored = await ctx.storage.getBuffer(manifest.parts[0]!.key);
    expect(stored.equals(await readFile(`${TELCO_DIR}/data/telco_customer_churn.csv`))).toBe(true);
  });

  it('takes SOURCES_FILE as an override, and needs neither it nor a sources file of its own', () => {
    const project = loadProject(TELCO_DIR);
    expect(() => ingestionService.validate!({} as never, {}, project)).not.toThrow();
    expect(() => ingestionService.validate!({ SOURCES_FILE: 'projects/sample-company/sources.json' } as never, {}, project)).toThrowError(/SAMPLE_DATA_DIR is not set/);
    const bad = { ...project, files: { ...project.files, sources: `${TELCO_DIR}/missing.json` } };
    expect(() => ingestionService.validate!({} as never, {}, bad)).toThrowError(/missing\.json/);
  });
});
