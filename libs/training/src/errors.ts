import { PlatformError } from '@churn/core';

/** The trainer's errors: problems of its input, so none is retriable. */
export const trainingErrors = {
  badLabels: (key: string, line: number, reason: string) =>
    new PlatformError('CHURN_TRAINING_BAD_LABELS', `labels ${key} line ${line}: ${reason}`, { retriable: false, context: { key, line } }),
  noTrainingRows: (featureSetId: string, labels: number) =>
    new PlatformError('CHURN_TRAINING_NO_ROWS', `no labelled row of feature set ${featureSetId} has features in the offline store`, {
      retriable: false,
      context: { featureSetId, labels },
    }),
  singleClass: (part: 'train' | 'test', snapshots: unknown) =>
    new PlatformError('CHURN_TRAINING_SINGLE_CLASS', `the ${part} part holds only one class: a model can be neither fitted nor evaluated`, {
      retriable: false,
      context: { part, snapshots },
    }),
};
