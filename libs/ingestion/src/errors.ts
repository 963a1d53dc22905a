import { PlatformError } from '@churn/core';

export const ingestionErrors = {
  sourceUnreadable: (location: string, cause: unknown) =>
    new PlatformError('CHURN_INGESTION_SOURCE_UNREADABLE', `cannot read source ${location}`, {
      retriable: true,
      cause,
      context: { location },
    }),
  sourceNotFound: (location: string) =>
    new PlatformError('CHURN_INGESTION_SOURCE_NOT_FOUND', `source ${location} does not exist`, {
      retriable: false,
      context: { location },
      statusCode: 422,
    }),
  unknownSource: (name: string, known: string[]) =>
    new PlatformError('CHURN_INGESTION_UNKNOWN_SOURCE', `unknown source ${name}; known: ${known.join(', ')}`, {
      retriable: false,
      context: { name, known },
      statusCode: 400,
    }),
};
