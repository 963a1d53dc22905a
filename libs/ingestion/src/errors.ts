import { PlatformError } from '@churn/core';

/** Ingestion's own errors (connector errors live in connectors/errors.ts). */
export const ingestionErrors = {
  unknownSource: (name: string, known: string[], statusCode = 400) =>
    new PlatformError('CHURN_INGESTION_UNKNOWN_SOURCE', `unknown source ${name}; known: ${known.join(', ')}`, {
      retriable: false,
      context: { name, known },
      statusCode,
    }),
  /** Retriable: the run holding the source's lease will finish, or its lease will expire. */
  sourceBusy: (source: string, holder?: string) =>
    new PlatformError(
      'CHURN_INGESTION_SOURCE_BUSY',
      holder ? `source ${source} is being ingested by run ${holder}` : `source ${source} is being ingested by another run`,
      { retriable: true, statusCode: 409, context: { source, ...(holder ? { ingestionRunId: holder } : {}) } },
    ),
};
