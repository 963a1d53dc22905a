import { PlatformError } from '@churn/core';

/** Stable codes of the errors this library throws or writes into dead-letter records. */
export const BUS_ERROR_CODES = {
  /** Construction options failed validation; the message names the field. */
  invalidOptions: 'CHURN_BUS_INVALID_OPTIONS',
  /** publish/subscribe/ping after close(). */
  closed: 'CHURN_BUS_CLOSED',
  /** The broker did not accept a message (retriable: the broker may come back). */
  publishFailed: 'CHURN_BUS_PUBLISH_FAILED',
  /** Creating a consumer, its topics or joining its group failed. */
  subscribeFailed: 'CHURN_BUS_SUBSCRIBE_FAILED',
  /** A second subscription with a group this bus already consumes for. */
  duplicateGroup: 'CHURN_BUS_DUPLICATE_GROUP',
  /** ping() could not reach the broker. */
  unreachable: 'CHURN_BUS_UNREACHABLE',
  /** A consumed message was not JSON (dead-lettered as 'invalid-event'). */
  undecodableEvent: 'CHURN_BUS_UNDECODABLE_EVENT',
} as const;

export type BusErrorCode = (typeof BUS_ERROR_CODES)[keyof typeof BUS_ERROR_CODES];

/** Builds a PlatformError with a bus code. */
export function busError(
  code: BusErrorCode,
  message: string,
  options: { retriable?: boolean; context?: Record<string, unknown>; cause?: unknown } = {},
): PlatformError {
  return new PlatformError(code, message, options);
}
