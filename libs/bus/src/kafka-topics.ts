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
  // Several services start at once and race to create the same topics; while one
  // creation is in flight the others may see transient errors, so look again.
  const attempts = 5;
  for (let attempt = 1; ; attempt += 1) {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
      return;
    } catch (err) {
      if (onlyAlreadyExists(err)) return;
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}
