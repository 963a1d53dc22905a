import { memoryLimitProblem as problemOf } from '@churn/duckdb';

/** Why a memory limit is unusable for a suite run (DuckDB's size syntax, at least 128 MB), or undefined. */
export const memoryLimitProblem = (limit: string): string | undefined => problemOf(limit, 'a suite');
