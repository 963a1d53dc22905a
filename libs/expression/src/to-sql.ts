import type { Expression } from './expression';

const SQL_BINARY: Record<string, string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '=',
  '!=': '<>',
  '&&': 'AND',
  '||': 'OR',
};

/** A SQL string literal. */
export const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : 'NULL';
  return sqlString(value);
}

/**
 * Compiles an expression to a DuckDB SQL expression. `resolve` turns each name into SQL (a quoted column,
 * a parameter); it should throw for names it does not know. Division is always floating point and gives
 * NULL for a zero divisor; `round(x, d)` rounds half up, as JavaScript's Math.round does.
 *
 * @example toSql(parseExpression('a / b'), (n) => `"${n}"`) // (CAST("a" AS DOUBLE) / NULLIF("b", 0))
 */
export function toSql(expression: Expression, resolve: (name: string) => string): string {
  const sql = (e: Expression): string => {
    switch (e.type) {
      case 'Literal':
        return literal(e.value);
      case 'Identifier':
        return resolve(e.name);
      case 'UnaryExpression':
        return e.operator === '!' ? `(NOT ${sql(e.argument)})` : `(${e.operator}${sql(e.argument)})`;
      case 'BinaryExpression':
        if (e.operator === '/') return `(CAST(${sql(e.left)} AS DOUBLE) / NULLIF(${sql(e.right)}, 0))`;
        return `(${sql(e.left)} ${SQL_BINARY[e.operator]} ${sql(e.right)})`;
      case 'ConditionalExpression':
        return `(CASE WHEN ${sql(e.test)} THEN ${sql(e.consequent)} ELSE ${sql(e.alternate)} END)`;
      case 'CallExpression':
        return call(e.callee.name, e.arguments, sql);
      default:
        throw new Error('unreachable');
    }
  };
  return sql(expression);
}

function call(fn: string, args: Expression[], sql: (e: Expression) => string): string {
  const a = args.map(sql);
  switch (fn) {
    case 'coalesce':
      return `coalesce(${a.join(', ')})`;
    case 'min':
      return `least(${a.join(', ')})`;
    case 'max':
      return `greatest(${a.join(', ')})`;
    case 'abs':
    case 'floor':
    case 'ceil':
    case 'sqrt':
    case 'exp':
    case 'ln':
      return `${fn}(${a[0]})`;
    case 'pow':
      return `pow(${a[0]}, ${a[1]})`;
    case 'round': {
      const scale = 10 ** Number((args[1] as { value?: number } | undefined)?.value ?? 0);
      return `(floor(CAST(${a[0]} AS DOUBLE) * ${scale} + 0.5) / ${scale})`;
    }
    case 'if':
      return `(CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END)`;
    case 'is_null':
      return `(${a[0]} IS NULL)`;
    case 'one_of':
      return `(${a[0]} IN (${a.slice(1).join(', ')}))`;
    case 'days_between':
      return `((epoch(CAST(${a[1]} AS TIMESTAMP)) - epoch(CAST(${a[0]} AS TIMESTAMP))) / 86400.0)`;
    default:
      throw new Error(`no SQL for function ${fn}`);
  }
}
