export { transformationService } from './transformation.service';
export { customerFeatures, CUSTOMER_FEATURE_VIEW, CUSTOMER_ENTITY } from './customer-features';
export type { FeatureDefinition, PreparedRow } from './customer-features';
export { computeFeatures } from './compute-features';
