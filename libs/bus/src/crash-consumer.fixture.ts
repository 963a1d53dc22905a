// Child process of kafka-crash.test.ts: consumes one event, records it, then dies by
// SIGKILL inside the handler, i.e. before the bus could commit the offset.
// Usage: npx tsx crash-consumer.fixture.ts <topic> <group> <outDir> <deadLetterTopic>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafkaBus } from './kafka-bus';
import { kafkaBrokers } from './kafka-test-support';
import { testCodec } from './test-codec';
import { testLogger } from './test-support';

const [topic, group, outDir, deadLetterTopic] = process.argv.slice(2);
if (!topic || !group || !outDir || !deadLetterTopic) {
  process.stderr.write('usage: crash-consumer.fixture.ts <topic> <group> <outDir> <deadLetterTopic>\n');
  process.exit(2);
}

// Never hang the test: no event within 30 s is a failure of its own.
setTimeout(() => {
  process.stderr.write('crash fixture: no event received within 30 s\n');
  process.exit(3);
}, 30_000);

const bus = createKafkaBus({
  brokers: kafkaBrokers,
  clientId: 'bus-crash-fixture',
  codec: testCodec,
  logger: testLogger(),
  deadLetterTopic,
  retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 },
  sessionTimeoutMs: 6000,
});

await bus.subscribe({
  group,
  topics: [topic],
  handler: async (event) => {
    // Idempotent side effect: one file per event id, rewritten (not duplicated) on redelivery.
    writeFileSync(join(outDir, event.id), JSON.stringify(event));
    process.kill(process.pid, 'SIGKILL');
    await new Promise<never>(() => undefined);
  },
});
