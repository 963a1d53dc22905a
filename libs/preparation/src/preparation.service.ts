import { createArtifactWriter, readCsvRecords, toCsv } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { prepareDataset, preparedColumns } from './apply-preparation';
import { crmPreparationSpec } from './crm-preparation-spec';
import { fitPreparation } from './fit-preparation';
import { describeDataset } from './summary-stats';

/**
 * Turns validated rows into a clean dataset: missing values imputed, categories
 * one-hot encoded, numerics z-scored beside their original units. The fitted
 * parameters and summary statistics are stored with the dataset.
 */
export const preparationService: ServiceDefinition = {
  name: 'preparer',
  description: 'Cleans validated data: imputation, encoding and scaling, with the fitted parameters and summary statistics.',
  defaultPort: 3003,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    await subscribeStage(ctx, {
      stage: 'preparer',
      consumes: 'validation.completed',
      produces: 'preparation.completed',
      async handle(event, log) {
        const validArtifactId = event.payload.artifactIds[0] as string;
        const records = await readCsvRecords(ctx.storage, event.payload.valid.key);
        const params = fitPreparation(records, crmPreparationSpec);
        const { rows, droppedNoLabel } = prepareDataset(records, params);
        const columns = preparedColumns(params);
        const prefix = `prepared/dataset=customers/run=${event.runId}/`;
        const base = { runId: event.runId, producer: 'preparer', parentIds: [validArtifactId] };

        const dataset = await artifacts.put({
          ...base,
          kind: 'dataset',
          key: `${prefix}customers.csv`,
          body: toCsv(columns, rows),
          contentType: 'text/csv',
          metadata: { rows: rows.length, columns },
        });
        const paramsRef = await artifacts.put({
          ...base,
          kind: 'preparation-params',
          key: `${prefix}params.json`,
          body: JSON.stringify(params, null, 2),
          contentType: 'application/json',
        });
        const summary = describeDataset(rows, columns);
        await artifacts.put({
          ...base,
          parentIds: [dataset.id],
          kind: 'dataset-summary',
          key: `${prefix}summary.json`,
          body: JSON.stringify({ rows: rows.length, droppedNoLabel, imputed: params.imputed, columns: summary }, null, 2),
          contentType: 'application/json',
        });
        log.info({ rows: rows.length, droppedNoLabel, columns: columns.length }, 'dataset prepared');
        return {
          rowsIn: records.length,
          rowsOut: rows.length,
          payload: {
            dataset: { key: dataset.key, sha256: dataset.sha256, bytes: dataset.bytes },
            params: { key: paramsRef.key, sha256: paramsRef.sha256, bytes: paramsRef.bytes },
            datasetArtifactId: dataset.id,
          },
        };
      },
    });
  },
};
