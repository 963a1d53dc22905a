import type { ValidRecordsColumn, ValidRecordsSchema } from '@churn/contracts';
import { artifactIdOf, type ArtifactRef, type ArtifactWriter } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import { validatedKeys } from '../lake-layout';
import type { ExpectationSuite } from '../suites/suite-types';


/**
 * The schema the suite promises for its valid rows: per column the type, whether it is required, and the `enum`
 * (in the suite's order) and `format` when set. A column with `severity: "warn"` only flags failing rows, which
 * stay valid, so its required/enum/format are no promise and are left out.
 */
export function validRecordsSchemaOf(suite: ExpectationSuite): ValidRecordsSchema {
  const columns = Object.entries(suite.columns).map(([name, spec]): ValidRecordsColumn => {
    const binding = spec.severity !== 'warn';
    return {
      name,
      type: spec.type,
      required: binding && (spec.required ?? spec.nullable === false),
      ...(binding && spec.enum !== undefined ? { enum: [...spec.enum] } : {}),
      ...(binding && spec.format !== undefined ? { format: spec.format } : {}),
    };
  });
  return { schemaVersion: 1, source: suite.source, key: [...suite.key], columns };
}

/**
 * Stores `schema.json` for one source's valid records (same parents as them). The content depends on the suite
 * only, so a retried run finds the object its first attempt stored and keeps it.
 */
export async function writeValidSchema(
  deps: { storage: ObjectStore; artifacts: ArtifactWriter },
  input: { suite: ExpectationSuite; runId: string; parentIds: string[] },
): Promise<ArtifactRef> {
  const key = validatedKeys(input.suite.source, input.runId).schema;
  const existing = await deps.storage.head(key);
  if (existing) return { id: artifactIdOf(key), key, sha256: existing.sha256, bytes: existing.bytes };
  const schema = validRecordsSchemaOf(input.suite);
  return deps.artifacts.put({
    kind: 'record-schema',
    key,
    body: `${JSON.stringify(schema, null, 2)}\n`,
    contentType: 'application/schema+json',
    runId: input.runId,
    producer: 'validator',
    parentIds: input.parentIds,
    metadata: { source: input.suite.source, schema: true, columns: schema.columns.length },
  });
}
