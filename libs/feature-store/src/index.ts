export { featureStoreService } from './feature-store.service';
export { insertFeatureRows, readFeatureRows, getHistoricalFeatures } from './offline-store';
export type { EntityRow, FeatureColumn, FeatureRow, HistoricalFeatureRow, SqlRunner } from './offline-store';
export { listFeatureViews, getFeatureSet } from './feature-registry';
export type { FeatureMetadata, FeatureViewVersion } from './feature-registry';
export { getOnlineFeatures, latestVersions, resolveFeatureRefs } from './online-features';
export type { OnlineFeaturesRequest, OnlineFeaturesResponse, FeatureStatus } from './online-features';
export { materializeFeatureSet } from './materialize';
