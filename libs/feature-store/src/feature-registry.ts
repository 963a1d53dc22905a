import type { PrismaClient } from '@churn/database';
import { PlatformError } from '@churn/core';

/** A served feature's metadata, from the project's features.json, as stored with each feature set. */
export interface FeatureMetadata {
  name: string;
  kind: string;
  dtype: 'float' | 'int';
  description: string;
  owner?: string;
  tags?: string[];
  /** Window features: the dataset aggregated, the aggregation and the window in days. */
  dataset?: string;
  agg?: string;
  window?: { days?: number; offsetDays?: number; column?: string };
  /** Attribute and derived features: the expression. */
  expr?: string;
}

/** A feature view at one version: Feast's vocabulary over our feature_sets table. */
export interface FeatureViewVersion {
  name: string;
  version: number;
  featureSetId: string;
  entity: string;
  features: FeatureMetadata[];
  runId: string;
  /** The entity dataset the version was computed from; the features artifact names every input. */
  sourceArtifactId: string;
  projectName: string;
  projectVersion: string;
  /** asOf, observation times, label kind, the features and labels artifacts. */
  metadata: Record<string, unknown>;
  createdAt: string;
}

type Registry = Pick<PrismaClient, 'featureSet'>;

function toView(row: {
  id: string;
  name: string;
  version: number;
  entity: string;
  features: unknown;
  runId: string;
  sourceArtifactId: string;
  projectName: string;
  projectVersion: string;
  metadata: unknown;
  createdAt: Date;
}): FeatureViewVersion {
  return {
    name: row.name,
    version: row.version,
    featureSetId: row.id,
    entity: row.entity,
    features: row.features as FeatureMetadata[],
    runId: row.runId,
    sourceArtifactId: row.sourceArtifactId,
    projectName: row.projectName,
    projectVersion: row.projectVersion,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every version of every feature view, newest first within a view. */
export async function listFeatureViews(db: Registry): Promise<FeatureViewVersion[]> {
  const rows = await db.featureSet.findMany({ orderBy: [{ name: 'asc' }, { version: 'desc' }] });
  return rows.map(toView);
}

/** One feature set by id; throws CHURN_FEATURE_STORE_UNKNOWN_FEATURE_SET when absent. */
export async function getFeatureSet(db: Registry, featureSetId: string): Promise<FeatureViewVersion> {
  const row = await db.featureSet.findUnique({ where: { id: featureSetId } });
  if (!row) {
    throw new PlatformError('CHURN_FEATURE_STORE_UNKNOWN_FEATURE_SET', `no feature set ${featureSetId}`, {
      context: { featureSetId },
      statusCode: 404,
    });
  }
  return toView(row);
}
