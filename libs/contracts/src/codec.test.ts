import { describe, expect, it } from 'vitest';
import { createEvent, topicOf, validateEvent } from './index';

const ref = { key: 'raw/x.csv', sha256: 'a'.repeat(64), bytes: 10 };
const stats = { rowsIn: 1, rowsOut: 1, durationMs: 5 };

describe('event contracts', () => {
  it('accepts an event built by createEvent', () => {
    const event = createEvent(
      'ingestion.completed',
      { asOf: '2026-10-31', sources: [{ source: 'crm', kind: 'csv', format: 'csv', ingestionRunId: 'i1', manifest: ref, snapshot: [ref], records: 3 }], artifactIds: ['a1'], stats },
      { runId: 'r1', producer: 'ingestion' },
    );
    expect(validateEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(topicOf('ingestion.completed')).toBe('churn.ingestion.completed.v2');
  });

  it('names what is wrong with a payload', () => {
    const event = createEvent('pipeline.run-requested', { trigger: 'cli' }, { runId: 'r1', producer: 'cli' });
    const bad = { ...event, payload: { trigger: 'telepathy', extra: 1 } };
    expect(() => validateEvent(bad)).toThrowError(/payload\/trigger must be equal to one of the allowed values/);
    expect(() => validateEvent(bad)).toThrowError(/must NOT have additional properties/);
  });

  it('rejects an envelope without a run id and an unknown type', () => {
    const event = createEvent('pipeline.run-requested', { trigger: 'cli' }, { runId: 'r1', producer: 'cli' });
    const { runId: _omit, ...noRun } = event;
    expect(() => validateEvent(noRun)).toThrowError(expect.objectContaining({ code: 'CHURN_CONTRACT_INVALID_EVENT' }));
    expect(() => validateEvent({ ...event, type: 'weather.changed' })).toThrowError(
      expect.objectContaining({ code: 'CHURN_CONTRACT_UNKNOWN_EVENT', retriable: false }),
    );
    expect(() => validateEvent('not json')).toThrowError(/invalid envelope/);
  });
});
