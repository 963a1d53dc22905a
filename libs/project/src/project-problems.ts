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

export function formatProblem(p: ProjectProblem): string {
  const where = formatPath(p.path);
  return `${PROJECT_FILES[p.file]}${where ? ` ${where}` : ''}: ${p.reason}`;
}

/** CHURN_PROJECT_INVALID: every problem of a project at once, one line each. */
export function invalidProjectError(dir: string, problems: ProjectProblem[]): PlatformError {
  const lines = problems.map(formatProblem);
  return new PlatformError('CHURN_PROJECT_INVALID', `invalid project ${dir}:\n${lines.map((l) => `  - ${l}`).join('\n')}`, {
    retriable: false,
    context: { project: dir, problems: lines },
  });
}
