import { randomUUID } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PlatformError } from '@churn/core';
import { envelopeSchema } from './envelope.schema';
import { eventTypes, type EventPayload, type EventType } from './registry';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** An envelope whose payload matches its type. */
export interface TypedEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  runId: string;
  producer: string;
  time: string;
  /** The project (name, content-hash version) whose declarations the run used. */
  project?: { name: string; version: string };
  payload: EventPayload<T>;
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateEnvelope = ajv.compile(envelopeSchema);
const payloadValidators = new Map<string, ValidateFunction>(
  Object.entries(eventTypes).map(([type, def]) => [`${type}@${def.version}`, ajv.compile(def.schema)]),
);

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string {
  return (errors ?? []).map((e) => `${prefix}${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
}

/**
 * Checks an envelope and its payload against the registered contract.
 * Throws a non-retriable PlatformError (CHURN_CONTRACT_INVALID_EVENT or
 * CHURN_CONTRACT_UNKNOWN_EVENT) naming each violation.
 */
export function validateEvent(raw: unknown): TypedEvent {
  if (!validateEnvelope(raw)) {
    throw new PlatformError('CHURN_CONTRACT_INVALID_EVENT', `invalid envelope: ${describe(validateEnvelope.errors, '')}`);
  }
  const event = raw as unknown as TypedEvent;
  const validatePayload = payloadValidators.get(`${event.type}@${event.version}`);
  if (!validatePayload) {
    throw new PlatformError('CHURN_CONTRACT_UNKNOWN_EVENT', `unknown event type ${event.type} v${event.version}`, {
      context: { type: event.type, version: event.version },
    });
  }
  if (!validatePayload(event.payload)) {
    throw new PlatformError(
      'CHURN_CONTRACT_INVALID_EVENT',
      `invalid ${event.type} v${event.version} payload: ${describe(validatePayload.errors, 'payload')}`,
      { context: { type: event.type, eventId: event.id } },
    );
  }
  return event;
}

/** The codec the bus uses to check every event it publishes and consumes. */
export const eventCodec = { validate: validateEvent };

/** Builds a new envelope for a payload; the bus validates it on publish. */
export function createEvent<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  meta: { runId: string; producer: string; id?: string; project?: { name: string; version: string } },
): TypedEvent<T> {
  return {
    id: meta.id ?? randomUUID(),
    type,
    version: eventTypes[type].version,
    runId: meta.runId,
    producer: meta.producer,
    time: new Date().toISOString(),
    ...(meta.project ? { project: meta.project } : {}),
    payload,
  };
}

/** Narrows a validated event to one type. */
export function isEventOf<T extends EventType>(event: { type: string }, type: T): event is TypedEvent<T> {
  return event.type === type;
}
