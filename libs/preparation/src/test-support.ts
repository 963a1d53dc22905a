/** Test fixtures of the preparation tests. Not exported from the package. */
import type { InputRecord, PreparationSpec } from './preparation-types';

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
