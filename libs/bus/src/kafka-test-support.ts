import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

/** Same default as infra/local.env. */
export const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: kafkaBrokers, logLevel: logLevel.NOTHING, connectionTimeout: 2000, retry: { retries: 1 } });
}

/** Fails fast, naming the fix, when no broker answers (integration tests must fail, not skip). */
export async function assertKafkaReachable(): Promise<void> {
  const admin = testKafka('bus-test-check').admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (err) {
    throw new Error(
      `Kafka is not reachable at ${kafkaBrokers.join(',')} (${(err as Error).message}). ` +
        'Start it with `bash infra/kafka/start.sh` (or set KAFKA_BROKERS).',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A plain producer for writing raw bytes the bus would refuse to publish. */
export async function rawProducer(): Promise<Producer> {
  const producer = testKafka('bus-test-raw').producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** Committed offsets of a group on a topic, per partition ('-1' = nothing committed). */
export async function committedOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = testKafka('bus-test-offsets').admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((result?.partitions ?? []).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}
