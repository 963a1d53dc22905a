import type { LabelDeclaration } from '@churn/project';
import { parseDay, type EpochDay } from './calendar';
import { transformationErrors } from './errors';

/** When the feature rows of one run are observed, as epoch days (each time is that day's 00:00 UTC). */
export interface ObservationTimes {
  asOf: string;
  /** End of the as-of date: everything that happened on asOf counts. The online store serves these rows. */
  serving: EpochDay;
  /**
   * The labelled times, oldest first. Event label: serving - k * horizonDays for k = snapshots..1. Status label:
   * the serving time alone (a static snapshot is labelled and served at once).
   */
  training: EpochDay[];
  /** Event label: a row at T is labelled 1 when a churn event falls in [T, T + horizonDays). */
  horizonDays?: number;
}

function asOfDay(asOf: string): EpochDay {
  const day = parseDay(asOf);
  if (day === null) throw transformationErrors.invalidOptions(`asOf ${asOf} is not a yyyy-mm-dd date`, { asOf });
  return day;
}

/**
 * Observation times of a run with an event label. Training times step back a horizon at a time, so the newest
 * one's label window ends exactly at the serving time: every label is fully known by the as-of date.
 *
 * @example observationTimes('2026-10-31', { horizonDays: 30, snapshots: 3 })
 * // serving 2026-11-01, training 2026-08-03, 2026-09-02, 2026-10-02 (all 00:00Z)
 */
export function observationTimes(asOf: string, options: { horizonDays: number; snapshots: number }): ObservationTimes {
  const day = asOfDay(asOf);
  const { horizonDays, snapshots } = options;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || !Number.isInteger(snapshots) || snapshots < 1) {
    throw transformationErrors.invalidOptions('horizonDays and snapshots must be positive integers', { horizonDays, snapshots });
  }
  const serving = day + 1;
  const training = Array.from({ length: snapshots }, (_, i) => serving - (snapshots - i) * horizonDays);
  return { asOf, serving, training, horizonDays };
}

/** Observation times for a project's label: the event label's snapshots, or the one serving time of a status label. */
export function observationTimesFor(label: LabelDeclaration, asOf: string): ObservationTimes {
  if (label.kind === 'event') return observationTimes(asOf, { horizonDays: label.horizonDays, snapshots: label.snapshots });
  const serving = asOfDay(asOf) + 1;
  return { asOf, serving, training: [serving] };
}

/** Every distinct observation time, oldest first: the training times, then the serving time (once). */
export function allTimes(times: ObservationTimes): EpochDay[] {
  return [...new Set([...times.training, times.serving])].sort((a, b) => a - b);
}
