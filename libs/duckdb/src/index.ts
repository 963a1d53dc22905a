export { openSession } from './session';
export type { Session, SessionOptions } from './session';
export { ident, inList, lit, num, str } from './sql';
export { memoryLimitProblem } from './memory-limit';
