import { featureStoreService } from '@churn/feature-store';
import { ingestionService } from '@churn/ingestion';
import { predictionService } from '@churn/prediction';
import { preparationService } from '@churn/preparation';
import type { ServiceDefinition } from '@churn/service';
import { trainingService } from '@churn/training';
import { transformationService } from '@churn/transformation';
import { validationService } from '@churn/validation';

/**
 * Every stage service in pipeline order. The feature store starts before the
 * predictor so that, in embedded mode, the predictor learns its address.
 */
export const platformServices: ServiceDefinition[] = [
  ingestionService,
  validationService,
  preparationService,
  transformationService,
  featureStoreService,
  trainingService,
  predictionService,
];

/** Stage names as they appear in stage runs and run summaries, in order. */
export const pipelineStages = platformServices.map((s) => s.name);
