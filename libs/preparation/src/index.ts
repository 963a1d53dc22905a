export { preparationService } from './preparation.service';
export type { InputRecord, PreparationSpec, PreparationParams, PreparedRow } from './preparation-types';
export { preparationSpecSchema, assertPreparationSpec } from './preparation-spec-schema';
export { fitPreparation } from './fit-preparation';
export { applyPreparation, prepareDataset, preparedColumns } from './apply-preparation';
export { crmPreparationSpec } from './crm-preparation-spec';
export { describeDataset, type DatasetSummary, type ColumnSummary } from './summary-stats';
