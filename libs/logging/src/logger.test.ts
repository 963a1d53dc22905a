import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, eventLogger } from './index';

describe('logging', () => {
  it('writes JSON lines naming the service, the run and the event', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'svc.log');
    const logger = createLogger({ service: 'validator', level: 'info', file });
    eventLogger(logger, { id: 'e1', type: 'ingestion.completed', runId: 'r1' }).info({ rows: 3 }, 'validated');
    logger.error({ err: new Error('boom') }, 'failed');
    await new Promise((resolve) => logger.flush(() => resolve(undefined)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ service: 'validator', runId: 'r1', eventId: 'e1', rows: 3, msg: 'validated' });
    expect(lines[1].err).toMatchObject({ message: 'boom', type: 'Error' });
  });
});
