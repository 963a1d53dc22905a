import { PlatformError } from '@churn/core';

/** Error codes of `init`. Every refusal is one line naming the file or option at fault. */
export const INIT_ERROR_CODES = [
  'CHURN_INIT_INVALID_OPTIONS',
  'CHURN_INIT_NO_FOLDER',
  'CHURN_INIT_EMPTY_FOLDER',
  'CHURN_INIT_NO_CSV',
  'CHURN_INIT_NO_HEADER',
  'CHURN_INIT_BAD_HEADER',
  'CHURN_INIT_NO_ROWS',
  'CHURN_INIT_UNREADABLE_CSV',
  'CHURN_INIT_OUT_EXISTS',
  'CHURN_INIT_NO_ENTITY',
  'CHURN_INIT_NO_LABEL',
  'CHURN_INIT_NO_SINCE',
  'CHURN_INIT_NO_FEATURES',
  'CHURN_INIT_DRAFT_INVALID',
] as const;

export type InitErrorCode = (typeof INIT_ERROR_CODES)[number];

const initError = (code: InitErrorCode, message: string, context: Record<string, unknown> = {}, cause?: unknown) =>
  new PlatformError(code, message, { retriable: false, context, ...(cause === undefined ? {} : { cause }) });

/** Factories of init's refusals, one per code. */
export const initErrors = {
  invalidOptions: (reason: string, context: Record<string, unknown> = {}) => initError('CHURN_INIT_INVALID_OPTIONS', reason, context),
  noFolder: (dir: string) => initError('CHURN_INIT_NO_FOLDER', `${dir} is not a folder: pass a folder of CSV files`, { dir }),
  emptyFolder: (dir: string) => initError('CHURN_INIT_EMPTY_FOLDER', `${dir} is empty: put the CSV exports to draft from in it`, { dir }),
  noCsv: (dir: string, files: string[]) =>
    initError('CHURN_INIT_NO_CSV', `${dir} holds no .csv file (found ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', ...' : ''})`, { dir, files }),
  noHeader: (file: string, why: string) => initError('CHURN_INIT_NO_HEADER', `${file} has no header row (${why}): add one line of column names`, { file }),
  badHeader: (file: string, why: string) => initError('CHURN_INIT_BAD_HEADER', `${file}: the header ${why}`, { file }),
  noRows: (file: string) => initError('CHURN_INIT_NO_ROWS', `${file} has a header but no rows: init needs data to profile`, { file }),
  unreadable: (file: string, cause: unknown) =>
    initError('CHURN_INIT_UNREADABLE_CSV', `${file} cannot be read as CSV: ${(cause as Error).message.split('\n')[0]}`, { file }, cause),
  outExists: (dir: string) => initError('CHURN_INIT_OUT_EXISTS', `${dir} already holds a project.json: pass --force to overwrite the drafted files`, { dir }),
  noEntity: (why: string) => initError('CHURN_INIT_NO_ENTITY', `no entity table found: ${why}; pass --entity <table>`),
  noLabel: (why: string) => initError('CHURN_INIT_NO_LABEL', `no churn label found (${why}): pass --label <table.column>`),
  noSince: (entity: string) =>
    initError('CHURN_INIT_NO_SINCE', `an event label needs the date each ${entity} became known (signup), and ${entity} has no date column: add one or pass --label`, {
      entity,
    }),
  noFeatures: (entity: string) =>
    initError('CHURN_INIT_NO_FEATURES', `nothing to learn from: ${entity} has no numeric, yes/no or categorical column and no other table with a date reaches it`, { entity }),
  draftInvalid: (dir: string, cause: unknown) =>
    initError('CHURN_INIT_DRAFT_INVALID', `the drafted project ${dir} does not load (a bug in init): ${(cause as Error).message}`, { dir }, cause),
};
