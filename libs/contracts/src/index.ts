export { eventTypes, topicOf } from './registry';
export type { EventType, EventPayload } from './registry';
export { validateEvent, eventCodec, createEvent, isEventOf } from './codec';
export type { TypedEvent } from './codec';
export { envelopeSchema } from './envelope.schema';
export { objectRefSchema, stageStatsSchema, metricsSchema } from './common.schema';
export { rawManifestSchema } from './manifest.schema';
export type { RawManifest } from './manifest';
