import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext } from '@churn/service';
import { artifactIdOf } from './artifact-id';
import { createArtifactWriter } from './artifact-writer';
import { projectArtifactId, projectArtifactKey } from './project-artifact';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

describe('createArtifactWriter', () => {
  let ctx: Ctx;
  afterEach(async () => ctx?.close());

  const input = (key: string, body: string) => ({
    kind: 'dataset' as const,
    key,
    body,
    contentType: 'text/csv',
    runId: 'run-1',
    producer: 'test',
    parentIds: ['art_parent'],
    metadata: { rows: 1 },
  });

  it("names the project version's declarations as a parent of everything, recording them once", async () => {
    ctx = await createTestContext('lineage');
    const artifacts = createArtifactWriter(ctx);
    const a = await artifacts.put(input('prepared/a.csv', 'a\n1\n'));
    await artifacts.put(input('prepared/b.csv', 'b\n2\n'));
    const projectKey = projectArtifactKey(ctx.project);
    expect(projectKey).toBe(`projects/sample-company/${ctx.project.version}/declarations.json`);
    const rows = await ctx.db.prisma.artifact.findMany({ orderBy: { key: 'asc' } });
    expect(rows.map((r) => [r.key, r.kind, r.parentIds])).toEqual([
      ['prepared/a.csv', 'dataset', ['art_parent', projectArtifactId(ctx.project)]],
      ['prepared/b.csv', 'dataset', ['art_parent', projectArtifactId(ctx.project)]],
      [projectKey, 'project', []],
    ]);
    expect(a.id).toBe(artifactIdOf('prepared/a.csv'));
    const declarations = JSON.parse((await ctx.storage.getBuffer(projectKey)).toString()) as { version: string; features: Array<{ name: string }> };
    expect(declarations.version).toBe(ctx.project.version);
    expect(declarations.features.map((v) => v.name)).toEqual(['customer_features']);
  });

  it('stores the object and records it with run, producer, parents, hash and size', async () => {
    ctx = await createTestContext('lineage');
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const ref = await artifacts.put(input('prepared/a.csv', 'x,y\n1,2\n'));
    expect(ref.id).toBe(artifactIdOf('prepared/a.csv'));
    expect((await ctx.storage.getBuffer('prepared/a.csv')).toString()).toBe('x,y\n1,2\n');
    const row = await ctx.db.prisma.artifact.findUniqueOrThrow({ where: { key: 'prepared/a.csv' } });
    expect(row).toMatchObject({ id: ref.id, kind: 'dataset', runId: 'run-1', producer: 'test', parentIds: ['art_parent'], sha256: ref.sha256, metadata: { rows: 1 } });
    expect(Number(row.bytes)).toBe(8);
  });

  it('returns the existing artifact when the same content is written again, and refuses different content', async () => {
    ctx = await createTestContext('lineage');
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const first = await artifacts.put(input('prepared/b.csv', 'same\n'));
    const again = await artifacts.put(input('prepared/b.csv', 'same\n'));
    expect(again).toEqual(first);
    expect(await ctx.db.prisma.artifact.count()).toBe(1);
    await expect(artifacts.put(input('prepared/b.csv', 'other\n'))).rejects.toThrow();
    expect((await ctx.storage.getBuffer('prepared/b.csv')).toString()).toBe('same\n');
  });

  it('records an object that is in the store but not yet in the table (a crash between the two)', async () => {
    ctx = await createTestContext('lineage');
    await ctx.storage.put('prepared/c.csv', 'orphan\n', { contentType: 'text/csv' });
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const ref = await artifacts.put(input('prepared/c.csv', 'orphan\n'));
    expect(await ctx.db.prisma.artifact.findUnique({ where: { key: 'prepared/c.csv' } })).toMatchObject({ id: ref.id, sha256: ref.sha256 });
  });
});
