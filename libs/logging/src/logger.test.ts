import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, eventLogger, openLogFile } from './index';

describe('logging', () => {
  it('writes JSON lines naming the service, the run and the event, to a rotating file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    const fileStream = await openLogFile({ path: join(dir, 'validator.log') });
    const logger = createLogger({ service: 'validator', level: 'info', destination: 'stderr', fileStream });
    eventLogger(logger, { id: 'e1', type: 'ingestion.completed', runId: 'r1' }).info({ rows: 3 }, 'validated');
    logger.error({ err: new Error('boom') }, 'failed');
    await new Promise((resolve) => logger.flush(() => resolve(undefined)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^validator\.\d{4}-\d\d-\d\d\.1\.log$/);
    const lines = readFileSync(join(dir, file as string), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ service: 'validator', runId: 'r1', eventId: 'e1', rows: 3, msg: 'validated' });
    expect(lines[1].err).toMatchObject({ message: 'boom', type: 'Error' });
  });

  it('rolls to a new file past the size limit and keeps only the newest files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-roll-'));
    const fileStream = await openLogFile({ path: join(dir, 'svc.log'), size: '1k', keep: 2 });
    const logger = createLogger({ service: 'svc', level: 'info', destination: 'stderr', fileStream });
    for (let i = 0; i < 60; i += 1) {
      logger.info({ i, padding: 'x'.repeat(100) }, 'line');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => logger.flush(() => resolve(undefined)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThanOrEqual(3);
  });
});
