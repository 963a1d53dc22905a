import jsep from 'jsep';
import { PlatformError } from '@churn/core';

/** A parsed expression: a tree of the node kinds below only (jsep's AST, narrowed). */
export type Expression =
  | { type: 'Literal'; value: string | number | boolean | null }
  | { type: 'Identifier'; name: string }
  | { type: 'UnaryExpression'; operator: '-' | '!' | '+'; argument: Expression }
  | { type: 'BinaryExpression'; operator: string; left: Expression; right: Expression }
  | { type: 'ConditionalExpression'; test: Expression; consequent: Expression; alternate: Expression }
  | { type: 'CallExpression'; callee: { type: 'Identifier'; name: string }; arguments: Expression[] };

/** Functions of the language: name -> [fewest, most] arguments. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  coalesce: [1, 16],
  min: [2, 16],
  max: [2, 16],
  abs: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  ln: [1, 1],
  pow: [2, 2],
  round: [1, 2],
  if: [3, 3],
  is_null: [1, 1],
  one_of: [2, 64],
  days_between: [2, 2],
};

const BINARY = new Set(['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', '&&', '||']);
const UNARY = new Set(['-', '!', '+']);

/** CHURN_EXPRESSION_INVALID: the text is not an expression of the language; `reason` says where and why. */
export function expressionError(text: string, reason: string): PlatformError {
  return new PlatformError('CHURN_EXPRESSION_INVALID', `invalid expression ${JSON.stringify(text)}: ${reason}`, {
    retriable: false,
    context: { expression: text, reason },
  });
}

function narrow(node: jsep.Expression, text: string): Expression {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) throw expressionError(text, 'unsupported literal');
      return { type: 'Literal', value: value as string | number | boolean | null };
    }
    case 'Identifier':
      return { type: 'Identifier', name: (node as jsep.Identifier).name };
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      if (!UNARY.has(u.operator)) throw expressionError(text, `operator ${u.operator} is not allowed`);
      return { type: 'UnaryExpression', operator: u.operator as '-' | '!' | '+', argument: narrow(u.argument, text) };
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      if (!BINARY.has(b.operator)) throw expressionError(text, `operator ${b.operator} is not allowed (use == and != for equality)`);
      return { type: 'BinaryExpression', operator: b.operator, left: narrow(b.left, text), right: narrow(b.right, text) };
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      return { type: 'ConditionalExpression', test: narrow(c.test, text), consequent: narrow(c.consequent, text), alternate: narrow(c.alternate, text) };
    }
    case 'CallExpression': {
      const c = node as jsep.CallExpression;
      if (c.callee.type !== 'Identifier') throw expressionError(text, 'only named functions can be called');
      const fn = (c.callee as jsep.Identifier).name;
      const arity = EXPRESSION_FUNCTIONS[fn];
      if (!arity) throw expressionError(text, `unknown function ${fn}(); known: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`);
      if (c.arguments.length < arity[0] || c.arguments.length > arity[1]) {
        throw expressionError(text, `${fn}() takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} to ${arity[1]}`} arguments, got ${c.arguments.length}`);
      }
      const args = c.arguments.map((a) => narrow(a, text));
      if (fn === 'one_of' && args.slice(1).some((a) => a.type !== 'Literal')) throw expressionError(text, 'one_of() takes literal values after its first argument');
      if (fn === 'round' && args[1] !== undefined && !(args[1].type === 'Literal' && Number.isInteger(args[1].value))) {
        throw expressionError(text, 'round() takes a whole number of decimal places');
      }
      return { type: 'CallExpression', callee: { type: 'Identifier', name: fn }, arguments: args };
    }
    default:
      throw expressionError(text, `${node.type.replace(/Expression$/, '').toLowerCase()} expressions are not allowed`);
  }
}

/**
 * Parses an expression of the platform's small, safe language: numbers, 'strings', true/false/null,
 * column or feature names, `+ - * / %`, comparisons (`== != < <= > >=`), `&& || !`, `c ? a : b`, and the
 * functions of {@link EXPRESSION_FUNCTIONS}. Nothing is ever evaluated as JavaScript.
 *
 * @throws PlatformError CHURN_EXPRESSION_INVALID naming the problem.
 * @example parseExpression("contract == 'Month-to-month' ? 1 : 0")
 */
export function parseExpression(text: string): Expression {
  let tree: jsep.Expression;
  try {
    tree = jsep(text);
  } catch (err) {
    throw expressionError(text, (err as Error).message);
  }
  return narrow(tree, text);
}

/** Every name an expression reads (columns, features, `T`), excluding function names. */
export function identifiersOf(expression: Expression): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expression): void => {
    switch (e.type) {
      case 'Identifier':
        out.add(e.name);
        return;
      case 'UnaryExpression':
        return walk(e.argument);
      case 'BinaryExpression':
        walk(e.left);
        return walk(e.right);
      case 'ConditionalExpression':
        walk(e.test);
        walk(e.consequent);
        return walk(e.alternate);
      case 'CallExpression':
        return e.arguments.forEach(walk);
      default:
        return;
    }
  };
  walk(expression);
  return out;
}
