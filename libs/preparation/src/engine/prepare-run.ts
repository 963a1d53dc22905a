import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload, ValidRecordsSchema } from '@churn/contracts';
import { ident, str, type Session } from '@churn/duckdb';
import type { ArtifactWriter } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { Project } from '@churn/project';
import type { ObjectStore } from '@churn/storage';
import { preparationErrors } from '../errors';
import { lookupsOf, planRun } from './dataset-order';
import { fitDataset } from './fit-recipe';
import { groupsKey, type GroupFiles } from './group-medians';
import { planDataset, type DatasetPlan } from './plan-dataset';
import { preparedSelectSql } from './prepared-table';
import { downloadValidRecords, validInput, type LocalValidRecords } from './read-validated';
import type { PreparationRecipe, RecipeDataset } from './recipe-types';
import { summarizePrepared, type DatasetSummary } from './summary-sql';
import { createTypedTable, dropRelation } from './typed-table';
import { readValidSchema, type ValidatedSource } from './valid-schema';
import { putPrepared, recipeKey, sortedJson, writeQueryParquet } from './write-prepared';

type PreparedDataset = EventPayload<'preparation.completed'>['datasets'][number];

export interface PrepareRunDeps {
  storage: ObjectStore;
  artifacts: ArtifactWriter;
  producer: string;
  /** A DuckDB session for this run only (bounded memory, spilling to disk). */
  session: Session;
  /** A temporary directory for this run only: downloads and Parquet files. */
  dir: string;
  /** The session's memory limit, named when it is exhausted. */
  memoryLimit?: string;
  log: Logger;
}

export interface PrepareRunInput {
  runId: string;
  asOf: string;
  sources: readonly ValidatedSource[];
  project: Pick<Project, 'manifest' | 'datasets'>;
}

export interface PrepareRunResult {
  payload: Omit<EventPayload<'preparation.completed'>, 'stats'>;
  rowsIn: number;
  rowsOut: number;
  /** Dataset -> values imputed per column. */
  imputed: Record<string, Record<string, number>>;
}

/** A dataset prepared in the session, waiting to be stored. */
interface Prepared {
  recipe: RecipeDataset;
  path: string;
  summary: DatasetSummary;
  file: LocalValidRecords;
}

function indexSources(sources: readonly ValidatedSource[]): Map<string, ValidatedSource> {
  const out = new Map<string, ValidatedSource>();
  for (const s of sources) {
    if (out.has(s.source)) throw preparationErrors.duplicateSource(s.source);
    out.set(s.source, s);
  }
  return out;
}

/** Keys of the group-median files a dataset's recipe names. */
const groupKeysOf = (d: RecipeDataset): string[] =>
  Object.values(d.columns).flatMap((c) => (c.impute?.strategy === 'group_median' && 'groupsFile' in c.impute ? [c.impute.groupsFile.key] : []));

const isOutOfMemory = (err: unknown) => err instanceof Error && err.message.startsWith('Out of Memory Error');

/**
 * Prepares one run: every declared dataset whose source was validated, in preparation order, each read from its
 * valid records, typed, deduplicated, fitted, prepared and described in DuckDB; then stores the recipe and each
 * dataset with its summary. Nothing is stored before every dataset is prepared, so bad data leaves nothing behind.
 */
export async function prepareRun(deps: PrepareRunDeps, input: PrepareRunInput): Promise<PrepareRunResult> {
  const { session, log } = deps;
  const sources = indexSources(input.sources);
  const plan = planRun(input.project.datasets, input.project.manifest.entity.dataset, new Set(sources.keys()));
  for (const s of plan.skipped) log.warn(s, 'source not validated in this run: dataset skipped');
  const used = new Set(plan.prepare.map((d) => d.source));
  const ignored = [...sources.keys()].filter((s) => !used.has(s));
  if (ignored.length > 0) log.info({ sources: ignored }, 'validated sources no dataset is declared from: ignored');

  // Every schema and declaration check first: a contract the preparer cannot work with fails before any download.
  const schemas = new Map<string, ValidRecordsSchema>();
  for (const source of used) schemas.set(source, await readValidSchema(deps.storage, sources.get(source)!));
  const plans: DatasetPlan[] = plan.prepare.map((d) => planDataset(d, schemas.get(d.source)!));
  const files = new Map<string, LocalValidRecords>();
  for (const [i, source] of [...used].entries()) files.set(source, await downloadValidRecords(deps.storage, sources.get(source)!, deps.dir, i));

  const declarations = new Map(input.project.datasets.map((d) => [d.name, d]));
  const groupFiles: GroupFiles = { dir: deps.dir, keyOf: (dataset, column) => groupsKey(input.runId, dataset, column), written: new Map() };
  const lookedUp = new Set(plans.flatMap((p) => lookupsOf(p.declaration)));
  const fitted = new Map<string, RecipeDataset>();
  const tables = new Map<string, string>();
  const prepared: Prepared[] = [];
  let rowsIn = 0;
  for (const [i, p] of plans.entries()) {
    const name = p.declaration.name;
    const file = files.get(p.declaration.source)!;
    const [typed, imputed, table] = [`d${i}_typed`, `d${i}_imputed`, `d${i}_prepared`];
    try {
      const spec = { name, source: p.declaration.source, key: p.declaration.key, dedupe: p.declaration.dedupe, input: p.input, columns: Object.fromEntries(p.columns.map((c) => [c.name, { role: c.spec.role, type: c.type, boolean: c.boolean }])) };
      const counts = await createTypedTable(session, spec, validInput(file, schemas.get(file.source)!), typed);
      rowsIn += counts.rowsIn;
      // The imputed rows are a view over the typed ones (a forward fill, a window, is computed once instead): the
      // only copy of a large dataset the run makes is the sort that writes it, in key order.
      const keep: string[] = [];
      const view = !Object.values(p.declaration.columns).some((c) => c.impute?.strategy === 'forward_fill');
      const recipe = await fitDataset(session, p, { table: typed, rows: counts.rows }, imputed, {
        declarations,
        lookups: (n) => tables.get(n),
        groupFiles,
        ...(view ? { imputedView: { keep } } : {}),
      });
      const path = join(deps.dir, `prepared-${String(i).padStart(3, '0')}.parquet`);
      await writeQueryParquet(session, preparedSelectSql(recipe, imputed), path);
      await dropRelation(session, imputed, view ? 'view' : 'table');
      await dropRelation(session, typed, counts.kind);
      for (const t of keep) await session.exec(`DROP TABLE IF EXISTS ${ident(t)}`);
      // The prepared dataset, for its summary and the lookups of later datasets: the file just written.
      await session.exec(`CREATE VIEW ${ident(table)} AS SELECT * FROM read_parquet(${str(path)})`);
      prepared.push({ recipe, path, file, summary: await summarizePrepared(session, table, recipe) });
      fitted.set(name, recipe);
      if (lookedUp.has(name)) tables.set(name, table);
      else await session.exec(`DROP VIEW ${ident(table)}`);
    } catch (err) {
      if (isOutOfMemory(err)) throw preparationErrors.outOfMemory(name, deps.memoryLimit, err);
      throw err;
    }
  }

  const recipe: PreparationRecipe = { recipeVersion: 1, project: input.project.manifest.name, datasets: [...fitted.values()] };
  const validIds = [...new Set([...files.values()].flatMap((f) => f.parentIds))];
  // Group medians too many for recipe.json, beside it: the recipe names each by key and sha256.
  const groupIds = new Map<string, string>();
  for (const [key, path] of groupFiles.written) {
    const ref = await deps.artifacts.put({
      kind: 'preparation-params', key, body: createReadStream(path), contentType: 'application/vnd.apache.parquet',
      runId: input.runId, producer: deps.producer, parentIds: validIds,
    });
    groupIds.set(key, ref.id);
  }
  const recipeRef = await deps.artifacts.put({
    kind: 'preparation-params',
    key: recipeKey(input.runId),
    body: sortedJson(recipe),
    contentType: 'application/json',
    runId: input.runId,
    producer: deps.producer,
    parentIds: validIds,
  });
  const stored = new Map<string, PreparedDataset>();
  for (const { recipe: d, path, summary, file } of prepared) {
    const lookups = lookupsOf(declarations.get(d.name)!);
    const { dataset } = await putPrepared(deps.artifacts, {
      name: d.name,
      runId: input.runId,
      producer: deps.producer,
      path,
      rows: summary.rows,
      columns: d.output,
      summary,
      parentIds: [...file.parentIds, recipeRef.id, ...groupKeysOf(d).map((k) => groupIds.get(k)!), ...lookups.map((l) => stored.get(l)!.artifactId)],
    });
    const sourcesOf = [...new Set([d.source, ...lookups.map((l) => declarations.get(l)!.source)])];
    stored.set(d.name, { name: d.name, sources: sourcesOf, dataset: { key: dataset.key, sha256: dataset.sha256, bytes: dataset.bytes }, artifactId: dataset.id, rows: summary.rows });
  }
  const datasets = [...stored.values()];
  return {
    payload: { asOf: input.asOf, datasets, params: { key: recipeRef.key, sha256: recipeRef.sha256, bytes: recipeRef.bytes }, paramsArtifactId: recipeRef.id },
    rowsIn,
    rowsOut: datasets.reduce((n, d) => n + d.rows, 0),
    imputed: Object.fromEntries(prepared.map(({ recipe: d }) => [d.name, Object.fromEntries(Object.entries(d.columns).flatMap(([c, col]) => (col.impute ? [[c, col.impute.imputed]] : [])))])),
  };
}
