/** Test fixtures of the preparation tests. Not exported from the package. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidRecordsColumn, ValidRecordsSchema } from '@churn/contracts';
import { customersPreparationSpec } from './customers-spec';
import type { InputRecord, PreparationSpec } from './preparation-types';
import { declaredCategories } from './validated-schema';

export const spec: PreparationSpec = {
  idColumn: 'id',
  labelColumn: 'churn',
  numeric: ['tenure', 'monthly'],
  categorical: ['contract', 'gender'],
  binary: ['partner', 'senior'],
  passthrough: ['signup_date'],
};

export const records: InputRecord[] = [
  { id: 'C1', signup_date: '2020-01-01', tenure: 1, monthly: 10, contract: 'Month-to-month', gender: 'Male', partner: 'Yes', senior: 1, churn: 'Yes' },
  { id: 'C2', signup_date: null, tenure: 3, monthly: null, contract: 'Two year', gender: 'Female', partner: 'No', senior: 0, churn: 'No' },
  { id: 'C3', signup_date: '2021-05-05', tenure: 5, monthly: 30, contract: null, gender: 'Female', partner: null, senior: 0, churn: 'No' },
  { id: 'C4', signup_date: '2022-02-02', tenure: 7, monthly: 20, contract: 'Month-to-month', gender: 'Male', partner: 'No', senior: null, churn: 'Yes' },
  { id: 'C5', signup_date: '2022-03-03', tenure: 100, monthly: 40, contract: 'One year', gender: 'Male', partner: 'Yes', senior: 1, churn: null },
];

const SAMPLE_SUITES = fileURLToPath(new URL('../../../config/expectations.sample.json', import.meta.url));

interface SuiteColumn {
  type: ValidRecordsColumn['type'];
  required?: boolean;
  nullable?: boolean;
  enum?: Array<string | number>;
  format?: 'email' | 'uuid';
  severity?: 'error' | 'warn';
}

/**
 * The schema.json the validator publishes for a source of the sample suites (config/expectations.sample.json),
 * rebuilt from the file as plain JSON: the preparer may not import the validator.
 */
export function sampleSchemaOf(source: string): ValidRecordsSchema {
  const { suites } = JSON.parse(readFileSync(SAMPLE_SUITES, 'utf8')) as { suites: Array<{ source: string; key: string[]; columns: Record<string, SuiteColumn> }> };
  const suite = suites.find((s) => s.source === source);
  if (suite === undefined) throw new Error(`no sample suite for ${source}`);
  const columns = Object.entries(suite.columns).map(([name, c]): ValidRecordsColumn => {
    const binding = c.severity !== 'warn';
    return {
      name,
      type: c.type,
      required: binding && (c.required ?? c.nullable === false),
      ...(binding && c.enum ? { enum: c.enum } : {}),
      ...(binding && c.format ? { format: c.format } : {}),
    };
  });
  return { schemaVersion: 1, source, key: suite.key, columns };
}

/** The declared categories of the customers' categorical columns in the sample suites. */
export function sampleCustomersCategories(): Record<string, string[]> {
  return declaredCategories(sampleSchemaOf('crm_customers'), customersPreparationSpec.categorical);
}
