import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ingestionErrors } from './errors';

/**
 * Opens a CSV source as a byte stream, exactly as the source serves it:
 * a local path or an http(s) URL.
 */
export async function openSource(location: string): Promise<Readable> {
  if (/^https?:\/\//.test(location)) {
    let response: Response;
    try {
      response = await fetch(location);
    } catch (err) {
      throw ingestionErrors.sourceUnreadable(location, err);
    }
    if (response.status === 404) throw ingestionErrors.sourceNotFound(location);
    if (!response.ok || !response.body) {
      throw ingestionErrors.sourceUnreadable(location, new Error(`HTTP ${response.status}`));
    }
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }
  try {
    await stat(location);
  } catch {
    throw ingestionErrors.sourceNotFound(location);
  }
  return createReadStream(location);
}
