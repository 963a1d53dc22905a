import type { EventPayload } from '@churn/contracts';
import type { SourceValidation } from '../validate-source';
import { describeCheck, stoppingChecks } from './engine-report';

type Failed = EventPayload<'validation.failed'>['failed'][number];

export const VALIDATION_FAILED = 'CHURN_VALIDATION_FAILED';

/**
 * The policy: a source whose batch failed an error-level check (table, column,
 * cross-source or drift) stops the run; row-level failures only quarantine rows
 * and warnings only flag. Returns the halt (event payload and reason) or undefined.
 */
export function haltOf(
  asOf: string,
  validations: readonly SourceValidation[],
): { reason: { code: string; message: string }; payload: Omit<EventPayload<'validation.failed'>, 'stats'> } | undefined {
  const failed: Failed[] = [];
  for (const v of validations) {
    const checks = stoppingChecks(v.report);
    if (v.report.status !== 'fail' || checks.length === 0) continue;
    failed.push({
      source: v.source.source,
      report: v.source.report,
      reportArtifactId: v.source.reportArtifactId,
      ...(v.heldBatch ? { heldBatch: v.heldBatch } : {}),
      checks: checks.map((c) => ({ name: c.name, check: c.check, ...(c.column ? { column: c.column } : {}), message: describeCheck(c) })),
    });
  }
  if (failed.length === 0) return undefined;
  const message = failed.flatMap((f) => f.checks.map((c) => `${f.source}: ${c.message}`)).join('; ');
  return {
    reason: { code: VALIDATION_FAILED, message },
    payload: {
      asOf,
      failed,
      passed: validations.filter((v) => !failed.some((f) => f.source === v.source.source)).map((v) => v.source.source),
      artifactIds: validations.flatMap((v) => v.artifacts.map((a) => a.id)),
    },
  };
}
