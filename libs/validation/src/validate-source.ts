import type { EventPayload } from '@churn/contracts';
import { artifactIdOf, type ArtifactRef, type ArtifactWriter } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { ObjectStore } from '@churn/storage';
import { validatedKeys } from './lake-layout';
import { openNdjsonArtifact } from './ndjson-artifact';
import { readSnapshot, type SnapshotEntry } from './raw-snapshot';
import type { SourceSchema } from './schemas/source-schema';
import { validateCsvStream } from './validate-csv';
import { validateNdjsonStream } from './validate-ndjson';
import { validationErrors } from './validation-errors';
import { ValidationRun, type ValidationSink } from './validation-run';
import { writeQualityReport } from './write-quality-report';

/** One source's entry of `validation.completed`. */
export type ValidatedSource = EventPayload<'validation.completed'>['sources'][number];

export interface ValidateSourceDeps {
  storage: ObjectStore;
  artifacts: ArtifactWriter;
  log: Logger;
}

export interface ValidateSourceInput {
  entry: SnapshotEntry;
  schema: SourceSchema;
  runId: string;
  asOf: string;
  /** Set when another source of the run failed: stop early, store nothing. */
  signal: AbortSignal;
}

const ref = ({ key, sha256, bytes }: ArtifactRef) => ({ key, sha256, bytes });

/**
 * Validates one source's snapshot: its manifests newest first, each part
 * streamed through one {@link ValidationRun}, valid records and quarantine
 * streamed into the lake, then the quality report. If anything fails, neither
 * NDJSON object becomes visible and the error names the source (and part).
 */
export async function validateSource(deps: ValidateSourceDeps, input: ValidateSourceInput): Promise<{ source: ValidatedSource; artifacts: ArtifactRef[] }> {
  const { entry, schema, runId, signal } = input;
  const source = entry.source;
  const manifests = await readSnapshot(deps.storage, entry);
  const rawIds = [...new Set(manifests.flatMap(({ manifest }) => manifest.parts.map((p) => artifactIdOf(p.key))))];
  const keys = validatedKeys(source, runId);
  const common = { runId, producer: 'validator', parentIds: rawIds, metadata: { source } };
  const valid = openNdjsonArtifact(deps.artifacts, { ...common, kind: 'valid-records', key: keys.valid });
  const quarantine = openNdjsonArtifact(deps.artifacts, { ...common, kind: 'quarantine', key: keys.quarantine });
  // Records updated after the as-of day are kept, with a warning.
  const run = new ValidationRun({ schema, lateAfter: `${input.asOf}T23:59:59Z` });

  try {
    for (const [index, { manifest }] of manifests.entries()) {
      if (index > 0) run.startOlderDelivery();
      for (const part of manifest.parts) {
        signal.throwIfAborted();
        const sink: ValidationSink = {
          onValid: (record) => {
            signal.throwIfAborted();
            return valid.write(record);
          },
          onQuarantined: (q) => quarantine.write({ part: part.key, ...q }),
        };
        try {
          const body = await deps.storage.get(part.key);
          try {
            if (entry.format === 'csv') await validateCsvStream(body, run, sink, part.key);
            else await validateNdjsonStream(body, run, sink);
          } finally {
            // A part given up half-way still holds its file or connection.
            body.destroy();
          }
        } catch (err) {
          throw validationErrors.inPart(err, source, part.key);
        }
      }
    }
  } catch (err) {
    const reason = err instanceof Error ? err : new Error(String(err));
    await Promise.all([valid.abort(reason), quarantine.abort(reason)]);
    throw err;
  }
  const [validRef, quarantineRef] = await Promise.all([valid.close(), quarantine.close()]);
  const report = run.finish();
  const reports = await writeQualityReport(deps, {
    report: { ...report, asOf: input.asOf, runId, manifests: manifests.map((m) => m.key) },
    keyOf: keys.report,
    runId,
    parentIds: [validRef.id, quarantineRef.id],
  });
  deps.log.info(
    { source, rowsIn: report.rowsIn, rowsValid: report.rowsValid, rowsQuarantined: report.rowsQuarantined, rowsSuperseded: report.rowsSuperseded },
    'source validated',
  );
  return {
    source: {
      source,
      valid: ref(validRef),
      quarantine: ref(quarantineRef),
      report: ref(reports.json),
      validArtifactId: validRef.id,
      reportArtifactId: reports.json.id,
      rowsIn: report.rowsIn,
      rowsValid: report.rowsValid,
      rowsQuarantined: report.rowsQuarantined,
      rowsSuperseded: report.rowsSuperseded,
      warnings: report.warningsByRule,
    },
    artifacts: [validRef, quarantineRef, ...reports.all],
  };
}
