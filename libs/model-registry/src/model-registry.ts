import type { PrismaClient, Prisma } from '@churn/database';

/** A registered model version as the registry returns it. */
export interface RegisteredModel {
  id: string;
  name: string;
  version: number;
  algorithm: string;
  metrics: Record<string, number>;
  featureNames: string[];
  artifactKey: string;
  sha256: string;
  featureSetId: string;
  runId: string;
  stage: string;
  createdAt: string;
}

type Registry = Pick<PrismaClient, 'model'>;

function toRegistered(row: Awaited<ReturnType<Registry['model']['findFirstOrThrow']>>): RegisteredModel {
  return {
    ...row,
    metrics: row.metrics as Record<string, number>,
    featureNames: row.featureNames as string[],
    createdAt: row.createdAt.toISOString(),
  };
}

/** The version number the next model of this name gets. */
export async function nextModelVersion(db: Registry, name: string): Promise<number> {
  const latest = await db.model.aggregate({ where: { name }, _max: { version: true } });
  return (latest._max.version ?? 0) + 1;
}

/** Records a trained model; returns the existing row when this id was already registered (a redelivery). */
export async function registerModel(
  db: Registry,
  model: Omit<RegisteredModel, 'createdAt' | 'metrics'> & { metrics: Prisma.InputJsonValue },
): Promise<RegisteredModel> {
  const row = await db.model.upsert({
    where: { id: model.id },
    create: { ...model, featureNames: model.featureNames as Prisma.InputJsonValue },
    update: {},
  });
  return toRegistered(row);
}

/** The newest version of a model, or null when none is registered yet. */
export async function latestModel(db: Registry, name: string): Promise<RegisteredModel | null> {
  const row = await db.model.findFirst({ where: { name }, orderBy: { version: 'desc' } });
  return row ? toRegistered(row) : null;
}

/** One version of a model, or null. */
export async function findModelVersion(db: Registry, name: string, version: number): Promise<RegisteredModel | null> {
  const row = await db.model.findUnique({ where: { name_version: { name, version } } });
  return row ? toRegistered(row) : null;
}

/** Every version of every model, newest first. */
export async function listModels(db: Registry): Promise<RegisteredModel[]> {
  const rows = await db.model.findMany({ orderBy: [{ name: 'asc' }, { version: 'desc' }] });
  return rows.map(toRegistered);
}
