import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * Rewrites the engine's quarantine (`{input?, line, raw, errors}`, `input` the
 * index of a local file) as `{part, line, raw, errors}` naming the raw part's
 * lake key, so a quarantined row can be traced to the object it came from.
 */
export async function nameQuarantineParts(from: string, to: string, partKeys: readonly string[]): Promise<void> {
  const out = createWriteStream(to);
  const done = once(out, 'finish');
  try {
    for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
      if (line === '') continue;
      const { input, ...rest } = JSON.parse(line) as { input?: number } & Record<string, unknown>;
      if (!out.write(`${JSON.stringify({ part: partKeys[input ?? 0], ...rest })}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
  }
  await done;
}
