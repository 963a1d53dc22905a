export type {
  Bus,
  BusOptionsBase,
  DeadLetterRecord,
  DeliveryContext,
  EventCodec,
  EventEnvelope,
  EventHandler,
  RetryPolicy,
  Subscription,
} from './bus';
export { createInMemoryBus, type InMemoryBus } from './in-memory-bus';
export { createKafkaBus } from './kafka-bus';
export { parseInMemoryBusOptions, parseKafkaBusOptions, type InMemoryBusOptions, type KafkaBusOptions } from './options';
export { BUS_ERROR_CODES, type BusErrorCode } from './errors';
export {
  DEAD_LETTER_EVENT_TYPE,
  DEAD_LETTER_EVENT_VERSION,
  DEAD_LETTER_PRODUCER,
  type DeadLetterEnvelope,
} from './dead-letter';
export { withNamespace } from './namespaced-bus';
