// Exits 0 when a metadata request to the broker succeeds (kafkajs admin listTopics), 1 otherwise.
// Used by start.sh: an open port alone does not mean the KRaft broker has caught up and serves requests.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const brokers = (process.argv[2] ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'kafka-wait-ready', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 2000, retry: { retries: 0 } });
const admin = kafka.admin();
try {
  await admin.connect();
  await admin.listTopics();
  await admin.describeCluster();
  await admin.disconnect();
  process.exit(0);
} catch (err) {
  process.stderr.write(`kafka not ready: ${err?.message ?? err}\n`);
  await admin.disconnect().catch(() => {});
  process.exit(1);
}
