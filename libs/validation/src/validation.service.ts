import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@churn/config';
import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import type { ReferencedKeys } from './engine/engine-types';
import { memoryLimitProblem } from './engine/memory-limit';
import { mapLimited } from './map-limited';
import { validationRoutes } from './reports/validation.routes';
import { loadServiceSuites, memoryLimitOf, threadsOf, validationEnv } from './service/service-suites';
import { sourceColumnsOf } from './service/source-columns';
import { sourceCsvOf } from './service/source-csv';
import { haltOf } from './service/validation-policy';
import { suiteOf } from './suites/load-expectation-suites';
import type { ExpectationSuite, ExpectationSuites } from './suites/suite-types';
import { type SourceValidation, validateSource } from './validate-source';
import { validationErrors } from './validation-errors';
import { recordValidation, validationMetrics } from './validation-metrics';

/** Sources validated at the same time after the referenced ones: each runs its own DuckDB, so memory and I/O stay bounded. */
const SOURCES_AT_ONCE = 2;
const NO_SUITE = 'no expectation suite';

/** `"<source>.<column>"` of every key another suite's `references` check needs. */
function referencedColumns(suites: ExpectationSuites): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of suites.suites)
    for (const c of s.checks) if (c.check === 'references') out.set(c.references.source, (out.get(c.references.source) ?? new Set()).add(c.references.column));
  return out;
}

/**
 * Checks every ingested source against its expectation suite (the project's
 * expectations.json, or VALIDATION_SUITES_FILE; loaded and checked at startup)
 * with the columnar engine, reading the raw data through the source's column
 * mapping (its `columns` in the project's sources.json): valid records go on
 * to preparation (NDJSON and Parquet), failing rows to quarantine with their
 * reasons, and a quality report (JSON, CSV, HTML, Markdown, PDF) is kept per
 * source and run. Referenced
 * sources (the CRM) go first so the others' `references` checks read their
 * valid keys. A failed error-level batch check halts the run with
 * `validation.failed`; warnings continue, listed in `validation.completed`.
 */
export const validationService: ServiceDefinition = {
  name: 'validator',
  description: 'Validates every ingested source against its expectation suite; quarantines failing rows; writes data-quality reports; halts on failed error checks.',
  defaultPort: 3002,
  env: validationEnv,
  validate(config, env, project) {
    loadServiceSuites(config, env, project);
    sourceColumnsOf(project);
    const problem = memoryLimitProblem(memoryLimitOf(config, env));
    if (problem) throw new ConfigError('validator', [{ variable: 'VALIDATION_MEMORY_LIMIT', reason: problem }]);
  },
  routes: validationRoutes,
  async start(ctx) {
    const suites = loadServiceSuites(ctx.config, ctx.env, ctx.project);
    const sourceColumns = sourceColumnsOf(ctx.project);
    const sourceCsv = sourceCsvOf(ctx.project);
    const memoryLimit = memoryLimitOf(ctx.config, ctx.env);
    const threads = threadsOf(ctx.config);
    const referenced = referencedColumns(suites);
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db, project: ctx.project });
    const metrics = validationMetrics(ctx.registry);
    await subscribeStage(ctx, {
      stage: 'validator',
      consumes: 'ingestion.completed',
      produces: 'validation.completed',
      halts: 'validation.failed',
      async handle(event, log) {
        const { asOf, sources } = event.payload;
        const suited = sources.flatMap((entry) => {
          const suite = suiteOf(suites, entry.source);
          return suite ? [{ entry, suite }] : [];
        });
        const skipped = sources.filter((s) => suiteOf(suites, s.source) === undefined).map((s) => ({ source: s.source, reason: NO_SUITE }));
        if (skipped.length > 0) log.warn({ skipped: skipped.map((s) => s.source) }, 'sources without an expectation suite are not validated');
        if (suited.length === 0) throw validationErrors.nothingToValidate(sources.map((s) => s.source));

        // Referenced sources' valid rows are kept here for the others' references checks.
        const keysDir = await mkdtemp(join(tmpdir(), 'churn-validate-keys-'));
        try {
          const referencedKeys: Record<string, ReferencedKeys> = {};
          const one = ({ entry, suite }: { entry: (typeof sources)[number]; suite: ExpectationSuite }, signal: AbortSignal, withKeys: boolean) =>
            validateSource(
              { storage: ctx.storage, db: ctx.db, artifacts, log: log.child({ source: entry.source }) },
              {
                entry,
                suite,
                ...(sourceColumns.has(entry.source) ? { columns: sourceColumns.get(entry.source)! } : {}),
                ...(sourceCsv.has(entry.source) ? { csv: sourceCsv.get(entry.source)! } : {}),
                runId: event.runId,
                asOf,
                memoryLimit,
                threads,
                signal,
                ...(withKeys ? { referencedKeys } : {}),
                ...(referenced.has(entry.source)
                  ? {
                      onValidFile: async (path: string) => {
                        const kept = join(keysDir, `${entry.source}.ndjson`);
                        await copyFile(path, kept);
                        for (const column of referenced.get(entry.source)!) referencedKeys[`${entry.source}.${column}`] = { path: kept, format: 'ndjson', column };
                      },
                    }
                  : {}),
              },
            );
          const first = suited.filter((s) => referenced.has(s.entry.source));
          const rest = suited.filter((s) => !referenced.has(s.entry.source));
          const results: SourceValidation[] = [
            ...(await mapLimited(first, 1, (s, signal) => one(s, signal, false))),
            ...(await mapLimited(rest, SOURCES_AT_ONCE, (s, signal) => one(s, signal, true))),
          ];
          for (const r of results) recordValidation(metrics, r.result);
          const rowsIn = results.reduce((sum, r) => sum + r.source.rowsIn, 0);
          const rowsOut = results.reduce((sum, r) => sum + r.source.rowsValid, 0);
          const halt = haltOf(asOf, results);
          if (halt) return { rowsIn, rowsOut, halt };
          return {
            rowsIn,
            rowsOut,
            payload: { asOf, sources: results.map((r) => r.source), skipped, artifactIds: results.flatMap((r) => r.artifacts.map((a) => a.id)) },
          };
        } finally {
          await rm(keysDir, { recursive: true, force: true });
        }
      },
    });
  },
};
