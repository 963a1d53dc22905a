import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleColumns, suggestColumnNames, withSuggestedNames } from './suggest-columns';

const TELCO = fileURLToPath(new URL('../../../../projects/telco', import.meta.url));

describe('suggestColumnNames', () => {
  it('snake_cases the headers a suite cannot hold and leaves the others alone', () => {
    expect(suggestColumnNames(['customerID', 'Tenure in Months', 'SeniorCitizen', 'gender', 'StreamingTV', 'IDNumber', 'Total Charges ($)'])).toEqual({
      customerID: 'customer_id',
      'Tenure in Months': 'tenure_in_months',
      SeniorCitizen: 'senior_citizen',
      StreamingTV: 'streaming_tv',
      IDNumber: 'id_number',
      'Total Charges ($)': 'total_charges',
    });
  });

  it('keeps names unique, strips accents, and names headers that have no letter or digit', () => {
    expect(suggestColumnNames(['customer_id', 'CustomerId', 'Customer ID', 'Größe', '2nd Line', '%', 'Stadt/Straße'])).toEqual({
      CustomerId: 'customer_id_2',
      'Customer ID': 'customer_id_3',
      Größe: 'grosse',
      '2nd Line': 'col_2nd_line',
      '%': 'column_6',
      'Stadt/Straße': 'stadt_strasse',
    });
    expect(suggestColumnNames(['Plan'], { taken: ['plan'] })).toEqual({ Plan: 'plan_2' });
  });

  it("proposes for the Telco export exactly the rename of the project's sources.json", async () => {
    const headers = await sampleColumns([{ path: `${TELCO}/data/telco_customer_churn.csv`, format: 'csv' }]);
    const declared = JSON.parse(await readFile(`${TELCO}/sources.json`, 'utf8')).sources[0].columns.rename as Record<string, string>;
    expect(suggestColumnNames(headers)).toEqual(declared);
  });
});

describe('withSuggestedNames', () => {
  it('adds a rename only for headers the columns neither rename nor drop; given renames win', () => {
    const headers = ['customerID', 'Notes', 'Plan Name', 'plan_name', 'tenure'];
    expect(withSuggestedNames(headers, { rename: { customerID: 'client' }, drop: ['Notes'], types: { tenure: 'integer' as const } })).toEqual({
      rename: { 'Plan Name': 'plan_name_2', customerID: 'client' },
      drop: ['Notes'],
      types: { tenure: 'integer' },
    });
    const fine = { drop: ['x'] };
    expect(withSuggestedNames(['a', 'b_c'], fine)).toBe(fine);
  });
});
