import { isRetriable, PlatformError } from '@churn/core';

/** Errors of the validator. All name the source (and the object) they are about. */
export const validationErrors = {
  /** No source of the run has an expectation suite: nothing would reach preparation. */
  nothingToValidate: (sources: string[]) =>
    new PlatformError('CHURN_VALIDATION_NOTHING_TO_VALIDATE', `no ingested source has an expectation suite (got: ${sources.join(', ')})`, {
      retriable: false,
      context: { sources },
    }),

  /** A snapshot manifest that is absent, not JSON, not a RawManifest v2, or about another source or format. */
  badManifest: (source: string, key: string, problem: string, cause?: unknown) =>
    new PlatformError('CHURN_VALIDATION_BAD_MANIFEST', `${source}: manifest ${key}: ${problem}`, {
      retriable: false,
      context: { source, manifest: key },
      ...(cause === undefined ? {} : { cause }),
    }),

  /**
   * A failure while reading one raw part, with the source and part added. The
   * code and retriability stay the cause's (a store outage is retried, a missing
   * object is not); an error that already names this part is returned as it is.
   */
  inPart: (err: unknown, source: string, part: string): unknown => {
    if (err instanceof PlatformError && err.context['part'] === part) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new PlatformError(err instanceof PlatformError ? err.code : 'CHURN_VALIDATION_PART_FAILED', `${source}: part ${part}: ${message}`, {
      retriable: isRetriable(err),
      cause: err,
      context: { ...(err instanceof PlatformError ? err.context : {}), source, part },
    });
  },

  /**
   * An engine error about a downloaded part (bad header, malformed CSV, bad
   * encoding...): the local file name is replaced by the part's lake key, and
   * the message names the source and the part. Not retriable: the bytes will not change.
   */
  inEnginePart: (err: unknown, source: string, parts: ReadonlyArray<{ path: string; key: string }>): unknown => {
    if (!(err instanceof PlatformError)) return err;
    const part = parts.find((p) => err.message.includes(p.path) || err.context['file'] === p.path);
    if (!part) return new PlatformError(err.code, `${source}: ${err.message}`, { retriable: isRetriable(err), cause: err, context: { ...err.context, source } });
    const message = err.message.split(part.path).join(part.key);
    return new PlatformError(err.code, `${source} (part ${part.key}): ${message}`, {
      retriable: false,
      cause: err,
      context: { ...err.context, file: part.key, source, part: part.key },
    });
  },
};
