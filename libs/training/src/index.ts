export { trainingService } from './training.service';
export { loadTrainingSet } from './training-set';
export type { TrainingSet } from './training-set';
export { splitTrainingSet } from './training-split';
export type { SnapshotSummary, TrainingSplit } from './training-split';
export { trainLogisticRegressionModel } from './train-logistic-regression';
export type { TrainedModel, TrainingOptions } from './train-logistic-regression';
