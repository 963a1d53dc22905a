export { ident, inList, lit, num, str } from '@churn/duckdb';
