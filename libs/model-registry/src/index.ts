export { nextModelVersion, registerModel, latestModel, findModelVersion, listModels } from './model-registry';
export type { RegisteredModel } from './model-registry';
