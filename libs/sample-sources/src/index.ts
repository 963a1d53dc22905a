export { type RecordCollection, collectionFromArray } from './record-collection';
export { SampleSourcesErrorCode, sampleSourcesError } from './errors';
export { type FaultSettings, faultSettingsSchema } from './api/faults';
export type { RateLimitSettings } from './api/rate-limiter';
export { type SampleApiOptions, type SampleApiCollections, validateFaultSettings } from './api/options';
export { type RunningSampleApi, createSampleApi, startSampleApi } from './api/sample-api';
export { type UsageRow, USAGE_TABLE } from './usage-db/usage-row';
export { type LoadUsageOptions, loadUsageTable } from './usage-db/load-usage-table';
export { type EmbeddedSourceDb, type EmbeddedSourceDbOptions, startEmbeddedSourceDb } from './usage-db/embedded-source-db';
