export { predictionService } from './prediction.service';
export { createFeatureClient } from './feature-client';
export type { FeatureClient, EntityFeatures } from './feature-client';
export { createModelHolder, loadModel } from './loaded-model';
export type { LoadedModel, ModelHolder } from './loaded-model';
