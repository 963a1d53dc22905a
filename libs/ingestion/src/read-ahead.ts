import type { RawPart } from './connectors/connector';

/**
 * Hands out the connector's parts one ahead: while the consumer stores part
 * N, the connector already reads part N+1, so the source and the lake work
 * at the same time. Only after a part whose body is a Buffer (already read);
 * a streamed body must be consumed before the connector may go on. So at
 * most one part waits besides the one being stored. When the consumer stops
 * early (a store failed), `onStop` is called first (to abort the connector's
 * pending read), then the connector is closed.
 */
export async function* readAhead(parts: AsyncIterable<RawPart>, onStop: () => void): AsyncGenerator<RawPart> {
  const iterator = parts[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<RawPart>> | undefined;
  let finished = false;
  try {
    pending = iterator.next();
    for (;;) {
      let result: IteratorResult<RawPart>;
      try {
        result = await pending;
      } catch (err) {
        finished = true; // the connector failed: it has closed itself
        throw err;
      }
      pending = undefined;
      if (result.done) {
        finished = true;
        return;
      }
      const part = result.value;
      if (Buffer.isBuffer(part.body)) {
        pending = iterator.next();
        // Its failure surfaces when awaited above; if the consumer stops first, it is dropped below.
        pending.catch(() => undefined);
      }
      yield part;
      pending ??= iterator.next();
    }
  } finally {
    if (!finished) {
      onStop();
      await pending?.catch(() => undefined);
      await iterator.return?.().catch(() => undefined);
    }
  }
}
