import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError } from '@churn/core';
import { openSession, str, type Session } from '@churn/duckdb';
import type { Project } from '@churn/project';
import { isoOfDay } from './calendar';
import { entityRowsSql, registerDatasets, tableOf } from './dataset-tables';
import { transformationErrors } from './errors';
import { planFeatureView, type FeaturePlan } from './feature-plan';
import { featureSetIdOf } from './feature-set-id';
import { baseTableSql, derivedLevelsSql, invalidValuesSql, OUTPUT_TABLE, outputTableSql } from './feature-sql';
import { allTimes, observationTimesFor, type ObservationTimes } from './observation-times';
import { churnEventsSql, duplicateEntitiesSql, labelsSql, populationSql, timesSql, WORK } from './population-sql';
import { datasetReadsSql, rowsViewName, windowTableSql } from './window-sql';

/** A prepared dataset on local disk, with the content hash its event announced. */
export interface LocalDataset {
  name: string;
  path: string;
  sha256: string;
}

export interface ComputeFeatureSetInput {
  project: Project;
  /** The feature view to compute; default the one the model is trained on. */
  view?: string;
  /** Every dataset the view reads (more are ignored). */
  datasets: LocalDataset[];
  asOf: string;
  /** Where `features.parquet` and `labels.parquet` are written. */
  outputDir: string;
  /** DuckDB threads (default 1), memory limit (e.g. '1GB') and where it spills past it. */
  threads?: number;
  memoryLimit?: string;
  spillDirectory?: string;
}

/** How the rows of one input dataset were used. */
export interface DatasetReads {
  rows: number;
  /** Rows whose entity key (own column or lookup) names no entity of the entity dataset. */
  unknownEntity: number;
  /** Rows without an event time: never in any window. */
  noEventTime: number;
}

/** Population and churners at one observation time. */
export interface Snapshot {
  timestamp: string;
  rows: number;
  /** Labelled rows' positives; null at a time that is not labelled. */
  positives: number | null;
  training: boolean;
  serving: boolean;
}

/** A computed feature set: its id, files and what went into it. */
export interface ComputedFeatureSet {
  featureSetId: string;
  plan: FeaturePlan;
  times: ObservationTimes;
  labelKind: 'status' | 'event';
  /** `entity_key VARCHAR, event_timestamp TIMESTAMP, <served features> DOUBLE`, every observation time. */
  features: { path: string; rows: number; columns: string[] };
  /** `entity_key VARCHAR, event_timestamp TIMESTAMP, label INTEGER`, the training times. */
  labels: { path: string; rows: number };
  snapshots: Snapshot[];
  /** The window and label datasets' rows, by dataset. */
  reads: Record<string, DatasetReads>;
  /** Rows of every dataset read. */
  rowsIn: number;
}

/**
 * Parquet of the outputs. Row groups have a fixed number of rows (DuckDB's writer cuts the ordered rows into
 * groups of exactly this size whatever the thread count), so the bytes depend on nothing but the rows.
 */
const PARQUET_OPTIONS = 'FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880';

async function step(session: Session, name: string, sql: string): Promise<void> {
  try {
    await session.exec(sql);
  } catch (err) {
    throw err instanceof PlatformError ? err : transformationErrors.queryFailed(name, err);
  }
}

async function query<T>(session: Session, name: string, sql: string): Promise<T[]> {
  try {
    return await session.rows<T>(sql);
  } catch (err) {
    throw err instanceof PlatformError ? err : transformationErrors.queryFailed(name, err);
  }
}

/**
 * Computes a feature view of a project at every observation time of a run, in DuckDB over the prepared Parquet
 * files, and writes `features.parquet` and `labels.parquet` to `outputDir`. Every feature value at T comes from
 * rows whose event time is before T. Rows are ordered by (event_timestamp, entity_key) and sums run in key order,
 * so identical inputs give identical bytes whatever the thread count.
 *
 * @throws PlatformError CHURN_TRANSFORMATION_EMPTY_POPULATION when no entity is in the population at the serving
 * time; CHURN_TRANSFORMATION_DATASET_MISSING / _DATASET_COLUMNS / _COLUMN_TYPE for inputs that do not match the
 * declarations; CHURN_TRANSFORMATION_INVALID_FEATURE for a NaN, an infinity or a fraction in an int feature.
 */
export async function computeFeatureSet(input: ComputeFeatureSetInput): Promise<ComputedFeatureSet> {
  const { project } = input;
  const plan = planFeatureView(project, input.view);
  const byName = new Map(input.datasets.map((d) => [d.name, d]));
  const missing = plan.datasets.filter((name) => !byName.has(name));
  if (missing.length > 0) throw transformationErrors.datasetMissing(missing, [...byName.keys()]);
  const used = plan.datasets.map((name) => byName.get(name)!);
  const times = observationTimesFor(project.manifest.label, input.asOf);
  const featureSetId = featureSetIdOf({ projectVersion: project.version, view: plan.view.name, datasets: used, times });

  const session = await openSession({
    threads: input.threads ?? 1,
    ...(input.memoryLimit ? { memoryLimit: input.memoryLimit } : {}),
    ...(input.spillDirectory ? { spillDirectory: input.spillDirectory } : {}),
    setup: ["SET TimeZone = 'UTC'"],
  });
  try {
    const tables = await registerDatasets(session, project, used);
    const { entity, label } = project.manifest;
    await step(session, 'entity rows', `CREATE VIEW ${WORK.entities} AS ${entityRowsSql(project, tables, entity.dataset)}`);
    const [dup] = await query<{ example: string | null; duplicates: number }>(session, 'entity keys', duplicateEntitiesSql());
    if (dup && dup.duplicates > 0) throw transformationErrors.duplicateEntity(entity.dataset, entity.key, dup.duplicates, String(dup.example));

    await step(session, 'observation times', timesSql(allTimes(times)));
    if (label.kind === 'event') await step(session, 'churn events', churnEventsSql(label, tables, entityRowsSql(project, tables, label.dataset)));
    await step(session, 'population', populationSql(project, tables));
    const counts = await query<{ t: string; n: number }>(session, 'population', `SELECT event_timestamp AS t, count(*) AS n FROM ${WORK.population} GROUP BY 1`);
    const rowsAt = new Map(counts.map((c) => [c.t, c.n]));
    const serving = isoOfDay(times.serving);
    if (!rowsAt.get(serving)) throw transformationErrors.emptyPopulation(input.asOf, serving);
    await step(session, 'labels', labelsSql(project, tables, times.training));

    const reads: Record<string, DatasetReads> = {};
    const eventDatasets = new Set([...plan.windows.keys(), ...(label.kind === 'event' ? [label.dataset] : [])]);
    for (const name of [...eventDatasets].sort()) {
      await step(session, `rows of ${name}`, `CREATE VIEW ${rowsViewName(name)} AS ${entityRowsSql(project, tables, name)}`);
      const [r] = await query<{ rows: number; unknown_entity: number; no_event_time: number }>(session, `reads of ${name}`, datasetReadsSql(tableOf(tables, name)));
      reads[name] = { rows: r!.rows, unknownEntity: r!.unknown_entity, noEventTime: r!.no_event_time };
    }
    for (const [name, features] of plan.windows) {
      const window = windowTableSql(tableOf(tables, name), features, allTimes(times));
      try {
        for (const sql of window.statements) await step(session, `window features of ${name}`, sql);
      } catch (err) {
        // A value an exact sum cannot add (not finite, or beyond ±1e26) fails the cast: name the feature and the row.
        const cause = err instanceof PlatformError ? err.cause : undefined;
        if (window.unsummableSql === undefined || !(cause instanceof Error && /^Conversion Error/.test(cause.message))) throw err;
        const [bad] = await query<{ feature: string; entity_key: string; event_timestamp: string; value: string }>(session, `values of ${name}`, window.unsummableSql);
        if (!bad) throw err;
        throw transformationErrors.invalidFeature(bad.feature, bad.entity_key, bad.event_timestamp, bad.value, 'a sum cannot add it exactly (not a finite number within ±1e26)');
      }
    }
    await step(session, 'entity and window features', baseTableSql(project, tables, plan, allTimes(times)));
    for (const sql of derivedLevelsSql(plan)) await step(session, 'derived features', sql);
    await step(session, 'served features', outputTableSql(plan));

    // Written straight from the views in one sorted pass (nothing else holds the feature rows), then checked.
    const featuresPath = join(input.outputDir, 'features.parquet');
    const labelsPath = join(input.outputDir, 'labels.parquet');
    await step(session, 'write features', `COPY (SELECT * FROM ${OUTPUT_TABLE} ORDER BY event_timestamp, entity_key) TO ${str(featuresPath)} (${PARQUET_OPTIONS})`);
    const checks = invalidValuesSql(plan, `read_parquet(${str(featuresPath)})`);
    const [bad] = checks ? await query<{ feature: string; entity_key: string; event_timestamp: string; value: number }>(session, 'feature values', checks) : [];
    if (bad) {
      await rm(featuresPath, { force: true });
      const reason = Number.isFinite(bad.value) ? 'an int feature holds a fraction (round it, or declare it float)' : 'not a finite number';
      throw transformationErrors.invalidFeature(bad.feature, bad.entity_key, bad.event_timestamp, String(bad.value), reason);
    }
    await step(
      session,
      'write labels',
      `COPY (SELECT CAST(entity_key AS VARCHAR) AS entity_key, CAST(event_timestamp AS TIMESTAMP) AS event_timestamp, CAST(label AS INTEGER) AS label FROM ${WORK.labels} ORDER BY event_timestamp, entity_key) TO ${str(labelsPath)} (${PARQUET_OPTIONS})`,
    );

    const positives = await query<{ t: string; n: number; positives: number }>(session, 'label counts', `SELECT event_timestamp AS t, count(*) AS n, sum(label) AS positives FROM ${WORK.labels} GROUP BY 1`);
    const positivesAt = new Map(positives.map((p) => [p.t, p.positives]));
    const training = new Set(times.training.map(isoOfDay));
    const snapshots: Snapshot[] = allTimes(times).map((day) => {
      const timestamp = isoOfDay(day);
      return { timestamp, rows: rowsAt.get(timestamp) ?? 0, positives: training.has(timestamp) ? (positivesAt.get(timestamp) ?? 0) : null, training: training.has(timestamp), serving: day === times.serving };
    });
    const labelRows = positives.reduce((n, p) => n + p.n, 0);
    return {
      featureSetId,
      plan,
      times,
      labelKind: label.kind,
      features: { path: featuresPath, rows: snapshots.reduce((n, s) => n + s.rows, 0), columns: plan.served.map((f) => f.name) },
      labels: { path: labelsPath, rows: labelRows },
      snapshots,
      reads,
      rowsIn: [...tables.values()].reduce((n, t) => n + t.rows, 0),
    };
  } finally {
    session.close();
  }
}

