import { PlatformError } from '@churn/core';

/** Stable error codes of `@churn/ml`. All are deterministic input/model problems, so none is retriable. */
export const ML_ERROR_CODES = {
  emptyData: 'CHURN_ML_EMPTY_DATA',
  singleClass: 'CHURN_ML_SINGLE_CLASS',
  dimensionMismatch: 'CHURN_ML_DIMENSION_MISMATCH',
  invalidValue: 'CHURN_ML_INVALID_VALUE',
  invalidOptions: 'CHURN_ML_INVALID_OPTIONS',
  invalidModel: 'CHURN_ML_INVALID_MODEL',
  inferenceFailed: 'CHURN_ML_INFERENCE_FAILED',
  scorerClosed: 'CHURN_ML_SCORER_CLOSED',
} as const;

export type MlErrorCode = (typeof ML_ERROR_CODES)[keyof typeof ML_ERROR_CODES];

/** Builds a non-retriable PlatformError with an `CHURN_ML_*` code. */
export function mlError(
  code: MlErrorCode,
  message: string,
  context: Record<string, unknown> = {},
  cause?: unknown,
): PlatformError {
  return new PlatformError(code, message, { retriable: false, context, cause });
}
