export { initProject, type InitProjectResult } from './init-project';
export type { InitProjectOptions } from './init-options';
export type { InitGuess } from './guess-types';
export { INIT_ERROR_CODES, initErrors, type InitErrorCode } from './errors';
