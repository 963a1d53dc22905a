import seedrandom from 'seedrandom';

/** Fault settings of the sample API; `PUT /_faults` replaces them as a whole. */
export interface FaultSettings {
  /** Share of data requests answered 500/502/503. */
  errorRate?: number;
  /** Delay of a slowed response, in ms. */
  slowMs?: number;
  /** Share of data responses delayed by `slowMs`. */
  slowRate?: number;
  /** Share of data responses sent as 200 application/json cut in the middle. */
  truncateRate?: number;
  /** Share of data responses sent as a 200 `text/html` maintenance page. */
  wrongContentTypeRate?: number;
  /** The next `count` data requests answer `status` (429 comes with `Retry-After: 1`). */
  failNext?: { count: number; status: number };
  /** Seed of the fault PRNG, so a run of random faults can be replayed. */
  seed?: string | number;
}

const rate = { type: 'number', minimum: 0, maximum: 1 } as const;

/** JSON schema of {@link FaultSettings}. */
export const faultSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    errorRate: rate,
    slowMs: { type: 'integer', minimum: 0, maximum: 600_000 },
    slowRate: rate,
    truncateRate: rate,
    wrongContentTypeRate: rate,
    failNext: {
      type: 'object',
      additionalProperties: false,
      required: ['count', 'status'],
      properties: {
        count: { type: 'integer', minimum: 0 },
        status: { type: 'integer', minimum: 400, maximum: 599 },
      },
    },
    seed: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  },
} as const;

/** What to do to one data response. */
export type FaultDecision =
  | { kind: 'fail'; status: number }
  | { kind: 'error'; status: number }
  | { kind: 'wrongContentType' }
  | { kind: 'truncate' }
  | { kind: 'none' };

const ERROR_STATUSES = [500, 502, 503] as const;
const DEFAULT_SEED = 'churn-sample-api';

/**
 * Decides the fault of each data request. Every decision draws the same
 * number of PRNG values, so one seed gives one sequence of faults whatever
 * the faults turn out to be.
 */
export class FaultInjector {
  private current: FaultSettings = {};
  private random: () => number = seedrandom(DEFAULT_SEED);

  constructor(settings: FaultSettings = {}) {
    this.replace(settings);
  }

  /** Replaces all settings (already validated) and reseeds the PRNG. */
  replace(settings: FaultSettings): void {
    this.current = structuredClone(settings);
    this.random = seedrandom(String(settings.seed ?? DEFAULT_SEED));
  }

  /** The settings in force; `failNext.count` is what is left of it. */
  get settings(): FaultSettings {
    return structuredClone(this.current);
  }

  /** The fault of the next data request and its delay. */
  next(): { decision: FaultDecision; delayMs: number } {
    const s = this.current;
    const [rError, rPick, rWrongType, rTruncate, rSlow] = [1, 2, 3, 4, 5].map(() => this.random()) as number[];
    const delayMs = (s.slowMs ?? 0) > 0 && rSlow! < (s.slowRate ?? 0) ? (s.slowMs as number) : 0;
    if (s.failNext && s.failNext.count > 0) {
      s.failNext.count--;
      return { decision: { kind: 'fail', status: s.failNext.status }, delayMs };
    }
    if (rError! < (s.errorRate ?? 0)) {
      const status = ERROR_STATUSES[Math.floor(rPick! * ERROR_STATUSES.length)] ?? 500;
      return { decision: { kind: 'error', status }, delayMs };
    }
    if (rWrongType! < (s.wrongContentTypeRate ?? 0)) return { decision: { kind: 'wrongContentType' }, delayMs };
    if (rTruncate! < (s.truncateRate ?? 0)) return { decision: { kind: 'truncate' }, delayMs };
    return { decision: { kind: 'none' }, delayMs };
  }
}
