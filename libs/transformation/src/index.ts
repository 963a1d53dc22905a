export { transformationService } from './transformation.service';
export { customerFeatures, featureMetadata, CUSTOMER_FEATURE_VIEW, CUSTOMER_ENTITY } from './customer-features';
export type { CustomerSnapshot, FeatureDefinition } from './customer-features';
export { computePointInTimeFeatures } from './compute-features';
export type { LabelRow, PointInTimeFeatures, ReadCounts } from './compute-features';
export { observationTimes } from './observation-times';
export type { ObservationTimes } from './observation-times';
export { FEATURE_DATASETS, readDatasetRecords, selectDatasets } from './prepared-datasets';
export type { DatasetName, DatasetRecord } from './prepared-datasets';
