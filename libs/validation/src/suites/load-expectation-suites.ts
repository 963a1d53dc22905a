import { invalidConfigFileError, readJsonConfigFile } from '@churn/config';
import { Ajv } from 'ajv';
import { checkSuites } from './check-suites';
import { ajvSuiteProblems, formatSuiteProblem, type SuiteProblem } from './suite-problems';
import type { ExpectationSuite, ExpectationSuites } from './suite-types';
import { expectationSuitesSchema } from './suites-schema';

export const INVALID_SUITES_CONFIG = 'CHURN_VALIDATION_INVALID_SUITES';

const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, allowUnionTypes: true });
const validate = ajv.compile(expectationSuitesSchema);

function fail(where: string, raw: unknown, problems: SuiteProblem[]): never {
  throw invalidConfigFileError(INVALID_SUITES_CONFIG, 'expectation suites', where, problems.map((p) => formatSuiteProblem(raw, p)));
}

function readJson(path: string): unknown {
  return readJsonConfigFile(path, (problems) => fail(path, undefined, problems));
}

const position = (p: SuiteProblem): [number, number] => [
  typeof p.path[1] === 'number' ? p.path[1] : -1,
  p.path[2] === 'checks' && typeof p.path[3] === 'number' ? p.path[3] : -1,
];

/** A suite with its defaults made explicit: every column's `required` and `severity`, every check's `severity`. */
function withDefaults(suite: ExpectationSuite): ExpectationSuite {
  const columns = Object.fromEntries(
    Object.entries(suite.columns).map(([name, { nullable, ...spec }]) => [
      name,
      { ...spec, required: spec.required ?? nullable === false, severity: spec.severity ?? 'error' },
    ]),
  );
  return { ...suite, columns, checks: suite.checks.map((c) => ({ ...c, severity: c.severity ?? 'error' })) };
}

/**
 * Loads an expectation-suites file (a path to JSON, or the parsed object):
 * one suite per source with its row-level column rules and its checks.
 * Validates shape (strict JSON Schema) and cross-field rules (known columns,
 * fitting types, bounds that parse, unique names) and reports every problem
 * at once as `suites[<i>] (<source>).checks[<j>] (<name>).<field>: <reason>`.
 * `${asOf}` placeholders stay in the bounds: they resolve per run.
 *
 * @throws PlatformError CHURN_VALIDATION_INVALID_SUITES with `context.problems: string[]`.
 * @example const { suites } = loadExpectationSuites('projects/sample-company/expectations.json');
 */
export function loadExpectationSuites(input: string | object): ExpectationSuites {
  const where = typeof input === 'string' ? input : '(object)';
  const raw = typeof input === 'string' ? readJson(input) : input;
  const problems = validate(raw) ? [] : ajvSuiteProblems(validate.errors ?? []);
  const suites = raw !== null && typeof raw === 'object' ? (raw as { suites?: unknown }).suites : undefined;
  if (Array.isArray(suites)) problems.push(...checkSuites(suites as ExpectationSuite[]));
  if (problems.length > 0) {
    const sorted = problems.map((p, i) => ({ p, i })).sort((a, b) => {
      const [sa, ca] = position(a.p);
      const [sb, cb] = position(b.p);
      return sa - sb || ca - cb || a.i - b.i;
    });
    fail(where, raw, sorted.map(({ p }) => p));
  }
  return { suites: (raw as ExpectationSuites).suites.map(withDefaults) };
}

/** The suite of `source`, or undefined when the source has none. */
export function suiteOf(suites: ExpectationSuites, source: string): ExpectationSuite | undefined {
  return suites.suites.find((s) => s.source === source);
}
