import { PlatformError } from '@churn/core';

/** The project's files, by role. */
export const PROJECT_FILES = {
  project: 'project.json',
  sources: 'sources.json',
  expectations: 'expectations.json',
  datasets: 'datasets.json',
  features: 'features.json',
} as const;

export type ProjectFile = keyof typeof PROJECT_FILES;

/** One thing wrong with a project: the file, where in it, and why. */
export interface ProjectProblem {
  file: ProjectFile;
  /** JSON path segments: ['datasets', 1, 'columns', 'fee']. */
  path: Array<string | number>;
  reason: string;
}

/** `datasets[1].columns.fee` */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
}

const FILE_ORDER = Object.keys(PROJECT_FILES);

function comparePaths(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Problems once each, by file (in PROJECT_FILES order) and JSON path; found order among those at one path. */
export function orderProblems(problems: ProjectProblem[]): ProjectProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = formatProblem(p);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || comparePaths(a.path, b.path));
}

/** `features.json views[0].features[3].expr: "fee" is not a column of dataset customers (source crm_customers)` */
export function formatProblem(p: ProjectProblem): string {
  const where = formatPath(p.path);
  return `${PROJECT_FILES[p.file]}${where ? ` ${where}` : ''}: ${p.reason}`;
}

/** CHURN_PROJECT_INVALID: every problem of a project at once, one line each, in file and path order. */
export function invalidProjectError(dir: string, problems: ProjectProblem[]): PlatformError {
  const lines = orderProblems(problems).map(formatProblem);
  return projectError(dir, lines);
}

/** CHURN_PROJECT_INVALID: the project folder itself is not there (a wrong PROJECT_DIR). */
export function missingProjectError(dir: string): PlatformError {
  return projectError(dir, [`${dir}: no such folder`]);
}

function projectError(dir: string, lines: string[]): PlatformError {
  return new PlatformError('CHURN_PROJECT_INVALID', `invalid project ${dir}:\n${lines.map((l) => `  - ${l}`).join('\n')}`, {
    retriable: false,
    context: { project: dir, problems: lines },
  });
}
