import { openSession as openDuckDbSession, type Session, type SessionOptions } from '@churn/duckdb';
import { FORMAT_MACROS } from './format-sql';

export type { Session, SessionOptions };

/** A DuckDB session with the validator's format macros installed. */
export function openSession(options: SessionOptions = {}): Promise<Session> {
  return openDuckDbSession({ ...options, setup: [...FORMAT_MACROS, ...(options.setup ?? [])] });
}
