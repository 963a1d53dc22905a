import type { Admin } from 'kafkajs';

function onlyAlreadyExists(err: unknown): boolean {
  const errors = (err as { errors?: Array<{ type?: string }> }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
}

/**
 * Creates the topics that do not exist yet, so a consumer group never subscribes
 * to a missing topic (kafkajs would then miss its partitions until the next
 * metadata refresh). Another process creating the same topic concurrently is fine.
 */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
  } catch (err) {
    if (!onlyAlreadyExists(err)) throw err;
  }
}
