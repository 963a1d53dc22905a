/** A message stored in an in-memory partition; the value is JSON text, as on the wire. */
export interface StoredMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Kafka-like partition choice: the same key always lands on the same partition (ordering per key). */
export function partitionFor(key: string, partitions: number): number {
  // FNV-1a: cheap, stable across runs and processes.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/**
 * Append-only per-topic logs, kept whole for the bus's lifetime so a group that
 * subscribes late still reads from the beginning (like Kafka with fromBeginning).
 */
export class TopicLogs {
  private readonly topics = new Map<string, StoredMessage[][]>();

  constructor(private readonly partitions: number) {}

  /** Partitions of a topic, created on first use (Kafka: auto.create.topics.enable). */
  partitionsOf(topic: string): StoredMessage[][] {
    let log = this.topics.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => []);
      this.topics.set(topic, log);
    }
    return log;
  }

  /** Appends and returns the partition the message went to. */
  append(topic: string, message: StoredMessage): number {
    const partition = partitionFor(message.key, this.partitions);
    this.partitionsOf(topic)[partition]?.push(message);
    return partition;
  }
}
