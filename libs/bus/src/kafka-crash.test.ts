import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaBus } from './kafka-bus';
import { assertKafkaReachable, committedOffsets, kafkaBrokers } from './kafka-test-support';
import { testCodec } from './test-codec';
import { makeEvent, testLogger, uniqueName, waitFor } from './test-support';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

function runFixture(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['tsx', join(here, 'crash-consumer.fixture.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise({ code, signal, stderr }));
  });
}

describe('kafka bus: consumer crash before commit', { timeout: 75_000 }, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bus-crash-'));
  beforeAll(assertKafkaReachable, 15_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('redelivers the event to the next consumer of the group; the idempotent effect happens once', async () => {
    const topic = uniqueName('crash');
    const group = uniqueName('crash-group');
    const dlq = uniqueName('crash-dlq');
    const options = { brokers: kafkaBrokers, codec: testCodec, logger: testLogger(), deadLetterTopic: dlq, retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 } };

    const publisher = createKafkaBus({ ...options, clientId: 'bus-crash-publisher' });
    const event = makeEvent();
    await publisher.publish(topic, event);
    await publisher.close();

    const crashed = await runFixture([topic, group, outDir, dlq]);
    expect(crashed.stderr).not.toContain('no event received');
    // npx/tsx may report the SIGKILL as a signal or as a non-zero code; either way not a clean exit.
    expect(crashed.code === 0 && crashed.signal === null, `fixture exited cleanly: ${crashed.stderr}`).toBe(false);
    expect(readdirSync(outDir)).toEqual([event.id]);
    // The handler died before returning, so nothing may have been committed.
    expect(Object.values(await committedOffsets(group, topic)).every((offset) => offset === '-1')).toBe(true);

    const deliveries: string[] = [];
    const survivor = createKafkaBus({ ...options, clientId: 'bus-crash-survivor', sessionTimeoutMs: 6000 });
    try {
      await survivor.subscribe({
        group,
        topics: [topic],
        handler: async (redelivered) => {
          writeFileSync(join(outDir, redelivered.id), JSON.stringify(redelivered));
          deliveries.push(redelivered.id);
        },
      });
      // The dead member keeps its partitions until its 6 s session expires.
      await waitFor('the redelivery', () => deliveries.length >= 1, 40_000);
      expect(deliveries).toEqual([event.id]);
      expect(readdirSync(outDir)).toEqual([event.id]);

      // The survivor commits offset+1 after its handler returned.
      let committed: string[] = [];
      for (let i = 0; i < 40 && !committed.includes('1'); i += 1) {
        if (i > 0) await new Promise((r) => setTimeout(r, 250));
        committed = Object.values(await committedOffsets(group, topic));
      }
      expect(committed).toContain('1');
    } finally {
      await survivor.close();
    }
  });
});
