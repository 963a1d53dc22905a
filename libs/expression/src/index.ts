export { parseExpression, identifiersOf, expressionError, EXPRESSION_FUNCTIONS } from './expression';
export type { Expression } from './expression';
export { toSql, sqlString } from './to-sql';
