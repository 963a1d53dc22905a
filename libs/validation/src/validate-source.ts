import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventPayload } from '@churn/contracts';
import type { Database } from '@churn/database';
import { artifactIdOf, type ArtifactRef, type ArtifactWriter, type PutArtifactInput } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { ObjectStore } from '@churn/storage';
import type { CsvDialect } from './engine/engine-types';
import type { ColumnMapping } from './engine/column-mapping';
import type { ReferencedKeys, SuiteRunResult } from './engine/engine-types';
import { runSuite } from './engine/run-suite';
import { validatedKeys } from './lake-layout';
import { readSnapshot, type SnapshotEntry } from './raw-snapshot';
import { downloadParts } from './service/download-parts';
import { nameQuarantineParts } from './service/name-quarantine-parts';
import { engineReport, type StoredEngineReport, warningsOf } from './service/engine-report';
import { previousAcceptedRun } from './service/previous-run';
import { writeValidSchema } from './service/valid-schema';
import type { ExpectationSuite } from './suites/suite-types';
import { validationErrors } from './validation-errors';
import { writeQualityReport } from './write-quality-report';

/** One source's entry of `validation.completed`. */
export type ValidatedSource = EventPayload<'validation.completed'>['sources'][number];

export interface ValidateSourceDeps {
  storage: ObjectStore;
  db: Database;
  artifacts: ArtifactWriter;
  log: Logger;
}

export interface ValidateSourceInput {
  entry: SnapshotEntry;
  suite: ExpectationSuite;
  /** The source's column mapping (project sources.json `columns`), applied as the raw parts are read. */
  columns?: ColumnMapping;
  /** How the source's CSV is written (project sources.json `csv.delimiter`). */
  csv?: CsvDialect;
  runId: string;
  asOf: string;
  /** Keys of sources validated before this one, for `references` checks (`"<source>.<column>"`). */
  referencedKeys?: Record<string, ReferencedKeys>;
  /** Called with the local valid rows before the temp dir goes, e.g. to keep the CRM keys for the other sources. */
  onValidFile?: (path: string) => Promise<void>;
  /** DuckDB's memory limit for this source's run (spilling past it). */
  memoryLimit?: string;
  /** DuckDB threads for this source's run (default 1). */
  threads?: number;
  /** Set when another source of the run failed: stop early. */
  signal: AbortSignal;
}

export interface SourceValidation {
  /** The source's entry of validation.completed; when the batch is held, `valid` names the held batch. */
  source: ValidatedSource;
  /** Set when the batch failed an error-level check: where its row-valid records are held (quarantine zone). */
  heldBatch?: { key: string; sha256: string; bytes: number };
  report: StoredEngineReport;
  result: SuiteRunResult;
  artifacts: ArtifactRef[];
}

const ref = ({ key, sha256, bytes }: ArtifactRef) => ({ key, sha256, bytes });

/** Stores a local file as an artifact, or returns the one a previous attempt of this run stored. */
async function storeFile(deps: ValidateSourceDeps, path: string, input: Omit<PutArtifactInput, 'body'>): Promise<ArtifactRef> {
  const existing = await deps.storage.head(input.key);
  if (existing) return { id: artifactIdOf(input.key), key: input.key, sha256: existing.sha256, bytes: existing.bytes };
  return deps.artifacts.put({ ...input, body: createReadStream(path) });
}

/**
 * Validates one source's snapshot with the columnar engine: its manifests'
 * parts are copied to a temp dir (newest manifest first, so newer deliveries
 * supersede), checked against the suite with the previous accepted run as
 * baseline, and the valid rows with the schema they satisfy, the quarantine
 * and the report (JSON, CSV, HTML, Markdown) are stored in the lake. A malformed part fails with a
 * non-retriable error naming source and part; nothing of the source is stored.
 */
export async function validateSource(deps: ValidateSourceDeps, input: ValidateSourceInput): Promise<SourceValidation> {
  const { entry, suite, runId, signal } = input;
  const source = entry.source;
  const manifests = await readSnapshot(deps.storage, entry);
  const rawIds = [...new Set(manifests.flatMap(({ manifest }) => manifest.parts.map((p) => artifactIdOf(p.key))))];
  const previous = await previousAcceptedRun(deps, source, runId);
  const dir = await mkdtemp(join(tmpdir(), `churn-validate-${source}-`));
  try {
    const parts = await downloadParts(deps.storage, { source, format: entry.format, manifests, dir, signal });
    signal.throwIfAborted();
    let result: SuiteRunResult;
    try {
      result = await runSuite({
        suite,
        asOf: input.asOf,
        inputs: parts.map(({ path, format, delivery }) => ({ path, format, delivery })),
        ...(input.columns ? { columns: input.columns } : {}),
        ...(input.csv ? { csv: input.csv } : {}),
        outDir: join(dir, 'out'),
        validFormats: ['ndjson', 'parquet'],
        ...(input.memoryLimit ? { memoryLimit: input.memoryLimit } : {}),
        ...(input.threads ? { threads: input.threads } : {}),
        ...(previous ? { previous: { rowsIn: previous.rowsIn }, reference: previous.reference } : {}),
        ...(input.referencedKeys ? { referencedKeys: input.referencedKeys } : {}),
      });
    } catch (err) {
      throw validationErrors.inEnginePart(err, source, parts);
    }
    signal.throwIfAborted();
    if (input.onValidFile) await input.onValidFile(result.outputs.valid.ndjson!);

    const quarantineFile = join(dir, 'quarantine.ndjson');
    await nameQuarantineParts(result.outputs.quarantine, quarantineFile, parts.map((p) => p.key));
    const keys = validatedKeys(source, runId);
    const common = { runId, producer: 'validator', parentIds: rawIds, contentType: 'application/x-ndjson' };
    // A batch that failed an error-level check is quarantined whole: its row-valid records are held in the
    // quarantine zone, so nothing of it ever appears among the validated data.
    const held = result.status === 'fail';
    const validRef = held
      ? await storeFile(deps, result.outputs.valid.ndjson!, { ...common, kind: 'quarantine', key: keys.heldBatch, metadata: { source, rows: result.rowsValid, heldBatch: true } })
      : await storeFile(deps, result.outputs.valid.ndjson!, { ...common, kind: 'valid-records', key: keys.valid, metadata: { source, rows: result.rowsValid } });
    // The same records as Parquet, typed (DATE, TIMESTAMP...), for readers that scan columns; not for a held batch.
    const parquetRef = held
      ? undefined
      : await storeFile(deps, result.outputs.valid.parquet!, {
          ...common,
          contentType: 'application/vnd.apache.parquet',
          kind: 'valid-records',
          key: keys.validParquet,
          metadata: { source, rows: result.rowsValid, format: 'parquet' },
        });
    const schemaRef = held ? undefined : await writeValidSchema(deps, { suite, runId, parentIds: rawIds });
    const quarantineRef = await storeFile(deps, quarantineFile, { ...common, kind: 'quarantine', key: keys.quarantine, metadata: { source, rows: result.rowsQuarantined } });
    const report = engineReport(result, { runId, manifests: manifests.map((m) => m.key), ...(input.columns ? { columns: input.columns } : {}) });
    const reports = await writeQualityReport(deps, { report, keyOf: keys.report, runId, parentIds: [validRef.id, quarantineRef.id] });
    deps.log.info(
      { source, status: result.status, rowsIn: result.rowsIn, rowsValid: result.rowsValid, rowsQuarantined: result.rowsQuarantined, rowsSuperseded: result.rowsSuperseded, millis: result.engine.millis, baseline: previous?.runId },
      'source validated',
    );
    return {
      source: {
        source,
        valid: ref(validRef),
        ...(parquetRef ? { validParquet: ref(parquetRef) } : {}),
        quarantine: ref(quarantineRef),
        report: ref(reports.json),
        validArtifactId: validRef.id,
        reportArtifactId: reports.json.id,
        rowsIn: result.rowsIn,
        rowsValid: result.rowsValid,
        rowsQuarantined: result.rowsQuarantined,
        rowsSuperseded: result.rowsSuperseded,
        warnings: warningsOf(report),
        ...(schemaRef ? { schema: ref(schemaRef) } : {}),
      },
      report,
      result,
      ...(held ? { heldBatch: ref(validRef) } : {}),
      artifacts: [validRef, ...(parquetRef ? [parquetRef] : []), ...(schemaRef ? [schemaRef] : []), quarantineRef, ...reports.all],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
