import { PlatformError } from '@churn/core';

/** Error codes of the sample source systems. */
export const SampleSourcesErrorCode = {
  OptionsInvalid: 'CHURN_SAMPLE_OPTIONS_INVALID',
  RecordInvalid: 'CHURN_SAMPLE_RECORD_INVALID',
  UsageLoadFailed: 'CHURN_SAMPLE_USAGE_LOAD_FAILED',
  SourceDbStartFailed: 'CHURN_SAMPLE_SOURCE_DB_START_FAILED',
} as const;

/** Builds a {@link PlatformError} of this lib. */
export function sampleSourcesError(
  code: (typeof SampleSourcesErrorCode)[keyof typeof SampleSourcesErrorCode],
  message: string,
  options: { retriable?: boolean; context?: Record<string, unknown>; cause?: unknown } = {},
): PlatformError {
  return new PlatformError(code, message, { retriable: options.retriable ?? false, ...options });
}
