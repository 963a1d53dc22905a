import { PlatformError } from '@churn/core';
import { MEDIA_TYPES, REPORT_FORMATS } from './report-format';

/** Errors of the report routes: the caller's, so 4xx with the facts to fix the request. */
export const reportErrors = {
  notFound: (id: string, format?: string) =>
    new PlatformError(
      'CHURN_VALIDATION_REPORT_NOT_FOUND',
      format ? `report ${id} has no ${format} rendering` : `no quality report ${id}`,
      { statusCode: 404, context: { id, ...(format ? { format } : {}) } },
    ),

  notAcceptable: (id: string, asked: string) =>
    new PlatformError('CHURN_VALIDATION_REPORT_NOT_ACCEPTABLE', `report ${id} is not available as ${asked}; it is as ${REPORT_FORMATS.join(', ')}`, {
      statusCode: 406,
      context: { id, asked, formats: [...REPORT_FORMATS], mediaTypes: REPORT_FORMATS.map((f) => MEDIA_TYPES[f]) },
    }),
};
