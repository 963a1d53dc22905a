export { trainingService } from './training.service';
export { loadTrainingSet } from './training-set';
export type { TrainingSet } from './training-set';
export { trainLogisticRegressionModel } from './train-logistic-regression';
export type { TrainedModel, TrainingOptions } from './train-logistic-regression';
