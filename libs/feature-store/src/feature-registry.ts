import type { PrismaClient } from '@churn/database';
import { PlatformError } from '@churn/core';

/** Feature metadata as the transformer recorded it with each feature set. */
export interface FeatureMetadata {
  name: string;
  column: string;
  type: 'float' | 'int';
  description: string;
  sources: string[];
  /** The time span before the observation time the feature looks at (absent on versions made before point-in-time features). */
  window?: string;
}

/** A feature view at one version: Feast's vocabulary over our feature_sets table. */
export interface FeatureViewVersion {
  name: string;
  version: number;
  featureSetId: string;
  entity: string;
  features: FeatureMetadata[];
  runId: string;
  /** The entity dataset (customers) the version was computed from; the feature snapshot artifact names every input. */
  sourceArtifactId: string;
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
