import { PlatformError } from '@churn/core';
import type { FeatureDefinition, PreparedRow } from './customer-features';
import type { FeatureRow } from '@churn/feature-store';

/** Applies every feature definition to every prepared row; rows without an id are refused. */
export function computeFeatures(rows: PreparedRow[], features: FeatureDefinition[], idColumn: string): FeatureRow[] {
  return rows.map((row, index) => {
    const id = row[idColumn];
    if (id === null || id === undefined || id === '') {
      throw new PlatformError('CHURN_TRANSFORMATION_MISSING_ID', `prepared row ${index + 1} has no ${idColumn}`, {
        context: { row: index + 1 },
      });
    }
    return {
      customerId: String(id),
      values: Object.fromEntries(features.map((f) => [f.column, f.derive(row)])),
    };
  });
}
