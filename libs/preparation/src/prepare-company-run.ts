import { PlatformError } from '@churn/core';
import type { EventPayload, ValidRecordsSchema } from '@churn/contracts';
import { artifactIdOf, type ArtifactWriter } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { ObjectStore } from '@churn/storage';
import { createBillingInvoicesPreparation } from './billing-invoices-preparation';
import { createCancellationsPreparation } from './cancellations-preparation';
import { COMPANY_SOURCE_FIELDS, COMPANY_SOURCES, type CompanySource } from './company-sources';
import { crmPaymentMethods, prepareCustomers } from './customers-preparation';
import { customersPreparationSpec } from './customers-spec';
import { writeDataset, type WrittenDataset } from './dataset-writer';
import { readNdjsonRecords } from './ndjson-records';
import type { InputRecord, PreparationParams } from './preparation-types';
import { prepareTable } from './prepare-table';
import { createProductUsagePreparation } from './product-usage-preparation';
import { createSupportTicketsPreparation } from './support-tickets-preparation';
import type { TableParams } from './table-preparation';
import { assertDeclaresFields, declaredCategories, readValidSchema } from './validated-schema';

type ValidatedSource = EventPayload<'validation.completed'>['sources'][number];
type PreparedDataset = EventPayload<'preparation.completed'>['datasets'][number];

/** What the customers preparation fitted and did. */
export interface CustomersParams {
  rows: number;
  imputed: Record<string, number>;
  preparation: PreparationParams;
}

/** Everything a run fitted, stored as prepared/run=<runId>/params.json. */
export interface PreparationRunParams {
  version: 1;
  asOf: string;
  /** Dataset name -> its parameters; `customers` is always there. */
  datasets: Record<string, CustomersParams | TableParams>;
  /** Source -> the schema.json its valid records were read with (the customers' one-hot categories come from crm_customers'). */
  schemas: Record<string, { key: string; sha256: string }>;
}

/** What one run produced: the completion payload (less stats) and its row counts. */
export interface PreparationRunResult {
  payload: Omit<EventPayload<'preparation.completed'>, 'stats'>;
  rowsIn: number;
  rowsOut: number;
  /** Dataset name -> values imputed per column. */
  imputed: Record<string, Record<string, number>>;
}

export interface PreparationRunInput {
  runId: string;
  asOf: string;
  sources: readonly ValidatedSource[];
  skipped: EventPayload<'validation.completed'>['skipped'];
}

/** Where a run's fitted parameters live in the lake. */
export const paramsKey = (runId: string): string => `prepared/run=${runId}/params.json`;

/**
 * Prepares one run's validated company sources: `customers` from crm_customers (required), then each
 * other source that was validated, then the run's parameters. Every artifact names its parents.
 */
export async function prepareCompanyRun(
  deps: { storage: ObjectStore; artifacts: ArtifactWriter; producer: string },
  input: PreparationRunInput,
  log: Logger,
): Promise<PreparationRunResult> {
  const sources = indexSources(input.sources, log);
  const crm = sources.get('crm_customers');
  if (crm === undefined) {
    throw new PlatformError('CHURN_PREPARATION_SOURCE_MISSING', 'the run has no validated crm_customers, so no customers dataset', {
      retriable: false,
      context: { sources: input.sources.map((s) => s.source), skipped: input.skipped },
    });
  }
  // Every schema first: a contract the preparer cannot work with fails the run before anything is written.
  const schemas = new Map<CompanySource, { schema: ValidRecordsSchema; key: string; sha256: string; id: string }>();
  for (const [source, validated] of sources) {
    const schema = await readValidSchema(deps.storage, validated);
    assertDeclaresFields(schema, COMPANY_SOURCE_FIELDS[source]);
    const { key, sha256 } = validated.schema!;
    schemas.set(source, { schema, key, sha256, id: artifactIdOf(key) });
  }
  const crmSchema = schemas.get('crm_customers')!;
  const customersCategories = declaredCategories(crmSchema.schema, customersPreparationSpec.categorical);
  const { runId } = input;
  const { producer } = deps;
  const datasets: PreparedDataset[] = [];
  const imputed: PreparationRunResult['imputed'] = {};
  const parents = new Set<string>();

  const crmRecords: InputRecord[] = [];
  for await (const r of readNdjsonRecords(deps.storage, crm.valid.key, COMPANY_SOURCE_FIELDS.crm_customers)) crmRecords.push(r);
  let rowsIn = crmRecords.length;
  const customers = prepareCustomers(crmRecords, customersCategories);
  const customersWritten = await writeDataset(deps.artifacts, producer, {
    name: 'customers',
    runId,
    columns: customers.columns,
    rowCount: customers.rows.length,
    rows: customers.rows,
    summaryColumns: customers.summaryColumns,
    // The CRM schema too: it fixes the one-hot columns.
    parentIds: [crm.validArtifactId, crmSchema.id],
    summaryDetails: () => ({ imputed: customers.params.imputed }),
  });
  datasets.push(output('customers', ['crm_customers'], customersWritten));
  parents.add(crm.validArtifactId);
  parents.add(crmSchema.id);
  imputed['customers'] = customers.params.imputed;
  const params: PreparationRunParams = {
    version: 1,
    asOf: input.asOf,
    datasets: { customers: { rows: customers.rows.length, imputed: customers.params.imputed, preparation: customers.params } },
    schemas: Object.fromEntries([...schemas].map(([source, { key, sha256 }]) => [source, { key, sha256 }])),
  };

  const context = { crmPaymentMethods: crmPaymentMethods(crmRecords) };
  const tables = [
    createBillingInvoicesPreparation(context),
    createSupportTicketsPreparation(),
    createProductUsagePreparation(),
    createCancellationsPreparation(),
  ];
  for (const table of tables) {
    const validated = sources.get(table.source);
    if (validated === undefined) continue;
    const parentIds = table.sources.flatMap((s) => sources.get(s)?.validArtifactId ?? []);
    const result = await prepareTable(deps, table, { validKey: validated.valid.key, parentIds, runId, producer });
    rowsIn += result.rowsIn;
    params.datasets[table.name] = result.params;
    imputed[table.name] = result.params.imputed;
    datasets.push(output(table.name, [...table.sources], result.written));
    for (const id of parentIds) parents.add(id);
  }

  const paramsRef = await deps.artifacts.put({
    kind: 'preparation-params',
    key: paramsKey(runId),
    body: JSON.stringify(params, null, 2),
    contentType: 'application/json',
    runId,
    producer,
    parentIds: [...parents],
  });
  return {
    payload: {
      asOf: input.asOf,
      datasets,
      params: { key: paramsRef.key, sha256: paramsRef.sha256, bytes: paramsRef.bytes },
      paramsArtifactId: paramsRef.id,
    },
    rowsIn,
    rowsOut: datasets.reduce((n, d) => n + d.rows, 0),
    imputed,
  };
}

/** The validated sources the preparer knows, by name; others are logged and ignored. */
function indexSources(validated: readonly ValidatedSource[], log: Logger): Map<CompanySource, ValidatedSource> {
  const known = new Set<string>(COMPANY_SOURCES);
  const sources = new Map<CompanySource, ValidatedSource>();
  for (const s of validated) {
    if (!known.has(s.source)) {
      log.warn({ source: s.source }, 'no preparation for this source; ignored');
      continue;
    }
    if (sources.has(s.source as CompanySource)) {
      throw new PlatformError('CHURN_PREPARATION_DUPLICATE_SOURCE', `source ${s.source} is listed twice in validation.completed`, {
        retriable: false,
        context: { source: s.source },
      });
    }
    sources.set(s.source as CompanySource, s);
  }
  return sources;
}

function output(name: string, sources: string[], written: WrittenDataset): PreparedDataset {
  const { dataset } = written;
  return { name, sources, dataset: { key: dataset.key, sha256: dataset.sha256, bytes: dataset.bytes }, artifactId: dataset.id, rows: written.rows };
}
