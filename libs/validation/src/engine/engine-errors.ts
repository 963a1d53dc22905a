import { PlatformError } from '@churn/core';

/** Errors of the columnar engine: all about the input or the suite, so none is retriable. */
export const engineErrors = {
  badHeader(file: string, problems: string[], columns: string[]): PlatformError {
    return new PlatformError('CHURN_VALIDATION_BAD_HEADER', `bad CSV header in ${file}: ${problems.join('; ')}`, {
      retriable: false,
      context: { file, problems, columns },
    });
  },
  malformedCsv(file: string, line: number | undefined, reason: string, excerpt?: string): PlatformError {
    return new PlatformError('CHURN_VALIDATION_MALFORMED_CSV', `malformed CSV in ${file}${line === undefined ? '' : ` at line ${line}`}: ${reason}`, {
      retriable: false,
      context: { file, line, reason, ...(excerpt === undefined ? {} : { excerpt: excerpt.slice(0, 200) }) },
    });
  },
  badEncoding(file: string, line: number | undefined, reason: string): PlatformError {
    return new PlatformError('CHURN_VALIDATION_BAD_ENCODING', `${file}${line === undefined ? '' : ` (line ${line})`} is not UTF-8: ${reason}`, {
      retriable: false,
      context: { file, line, reason },
    });
  },
  unreadable(file: string, err: unknown): PlatformError {
    return new PlatformError('CHURN_VALIDATION_UNREADABLE_INPUT', `cannot read ${file}: ${(err as Error).message}`, {
      retriable: false,
      cause: err,
      context: { file },
    });
  },
  outOfMemory(source: string, memoryLimit: string | undefined, err: unknown): PlatformError {
    const limit = memoryLimit ?? "DuckDB's default (80% of RAM)";
    return new PlatformError('CHURN_VALIDATION_OUT_OF_MEMORY', `validating ${source} needed more memory than its limit (${limit}) even with spilling to disk: raise VALIDATION_MEMORY_LIMIT or free disk space for the spill directory`, {
      retriable: false,
      cause: err,
      context: { source, memoryLimit: limit, reason: (err as Error).message.split('\n')[0] },
    });
  },
  badRun(reason: string, context: Record<string, unknown> = {}): PlatformError {
    return new PlatformError('CHURN_VALIDATION_INVALID_OPTIONS', reason, { retriable: false, context });
  },
};
