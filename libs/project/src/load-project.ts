import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { isObject, type CheckScope } from './check-context';
import { checkProject } from './check-project';
import { invalidProjectError, missingProjectError, PROJECT_FILES, type ProjectFile, type ProjectProblem } from './project-problems';
import { datasetsFileSchema, featuresFileSchema, projectManifestSchema } from './project-schemas';
import type { Project, ProjectManifest, ProjectSource, ProjectSuite } from './project-types';
import { projectVersionOf } from './project-version';
import { schemaProblems } from './schema-problems';

// verbose: the problems quote the offending value and list a union's tags from its schema.
const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, allowUnionTypes: true, useDefaults: true, verbose: true });
const validators = {
  project: ajv.compile(projectManifestSchema),
  datasets: ajv.compile(datasetsFileSchema),
  features: ajv.compile(featuresFileSchema),
};

/** Whether `prefix` can still be the start of a JSON text: it parses, or it fails only at its end. */
function isJsonPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    return message.startsWith('Unexpected end of JSON input') || (at !== null && Number(at[1]) >= prefix.length);
  }
}

/**
 * Where and why a text is not JSON, in one line: `not valid JSON at line 3, column 3: Unexpected token ']'`.
 * The place is found the same way on every Node version: the shortest prefix that cannot start a JSON text.
 */
function jsonSyntaxProblem(text: string, err: Error): string {
  const reason = err.message
    .replace(/, [^,]*".*is not valid JSON$/s, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*(in JSON )?at position \d+/, '');
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (isJsonPrefix(text.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  if (text.trim() === '') return 'the file is empty: a JSON object is expected';
  if (lo >= text.length) return `not valid JSON at the end of the file: ${reason}`;
  const before = text.slice(0, lo);
  const line = before.split('\n').length;
  return `not valid JSON at line ${line}, column ${lo - before.lastIndexOf('\n')}: ${reason}`;
}

function readJson(dir: string, file: ProjectFile): { value: unknown } | { problem: ProjectProblem } {
  let text: string;
  try {
    text = readFileSync(join(dir, PROJECT_FILES[file]), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: { file, path: [], reason: code === 'ENOENT' ? 'the file does not exist' : `cannot read the file: ${(err as Error).message}` } };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { problem: { file, path: [], reason: jsonSyntaxProblem(text, err as Error) } };
  }
}

/** The sources and suites as far as the project checks them; ingestion and validation check the rest at their start. */
function lenientList<T>(raw: unknown, field: 'sources' | 'suites'): T[] | undefined {
  const list = isObject(raw) ? raw[field] : undefined;
  return Array.isArray(list) ? (list.filter(isObject) as T[]) : undefined;
}

const pointer = (path: ReadonlyArray<string | number>) => path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * Loads and checks a project folder: `project.json`, `sources.json`, `expectations.json`, `datasets.json` and
 * `features.json`. Shapes are checked with JSON Schema, then across files (a feature names a column its dataset
 * has, derived features form no cycle, the label's dataset has its time column, ...). Every problem is reported at
 * once, by file, JSON path and reason: a file that cannot be read, or a declaration that fails its schema, is left
 * out of the cross-file checks, and the rest is still checked. The version is a content hash of the declarations.
 *
 * @throws PlatformError CHURN_PROJECT_INVALID with `context.problems: string[]`, one line per problem.
 * @example const project = loadProject('projects/telco');
 */
export function loadProject(dir: string): Project {
  const root = resolve(dir);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw missingProjectError(root);
  const problems: ProjectProblem[] = [];
  const unreadable = new Set<ProjectFile>();
  const raw: Partial<Record<ProjectFile, unknown>> = {};
  for (const file of Object.keys(PROJECT_FILES) as ProjectFile[]) {
    const read = readJson(root, file);
    if ('problem' in read) {
      problems.push(read.problem);
      unreadable.add(file);
    } else raw[file] = read.value;
  }

  const own = structuredClone({ project: raw.project, datasets: raw.datasets, features: raw.features });
  const errorPaths: Partial<Record<ProjectFile, string[]>> = {};
  for (const file of ['project', 'datasets', 'features'] as const) {
    if (unreadable.has(file)) continue;
    const validate = validators[file];
    if (validate(own[file])) continue;
    problems.push(...schemaProblems(file, validate.errors ?? []));
    errorPaths[file] = (validate.errors ?? []).map((e) => e.instancePath);
  }
  // A file without its top-level list (or object) is as good as unread for the checks across files.
  if (!isObject(own.project)) unreadable.add('project');
  if (!(isObject(own.datasets) && Array.isArray(own.datasets.datasets))) unreadable.add('datasets');
  if (!(isObject(own.features) && Array.isArray(own.features.views))) unreadable.add('features');
  const sources = lenientList<ProjectSource>(raw.sources, 'sources');
  const suites = lenientList<ProjectSuite>(raw.expectations, 'suites');
  for (const [file, field, list] of [['sources', 'sources', sources], ['expectations', 'suites', suites]] as const) {
    if (unreadable.has(file) || list) continue;
    const present = isObject(raw[file]) && raw[file][field] !== undefined;
    problems.push({ file, path: [field], reason: present ? 'must be an array' : 'is required' });
    unreadable.add(file);
  }

  const scope: CheckScope = {
    unreadable,
    failedSchema(file, path, ignoreBelow) {
      const at = pointer(path);
      return (errorPaths[file] ?? []).some(
        (e) => (e === at || e.startsWith(`${at}/`)) && !(ignoreBelow !== undefined && e.startsWith(`${at}/${ignoreBelow}/`)),
      );
    },
  };
  const listOf = (value: unknown, field: string) => (isObject(value) && Array.isArray(value[field]) ? value[field] : []);
  const project: Project = {
    dir: root,
    // Hashed with the defaults filled in: a default made explicit is the same declaration.
    version: projectVersionOf({ ...raw, ...own }),
    manifest: (isObject(own.project) ? own.project : {}) as unknown as ProjectManifest,
    sources: sources ?? [],
    suites: suites ?? [],
    datasets: listOf(own.datasets, 'datasets') as Project['datasets'],
    views: listOf(own.features, 'views') as Project['views'],
    files: Object.fromEntries(Object.entries(PROJECT_FILES).map(([k, f]) => [k, join(root, f)])) as Project['files'],
  };
  problems.push(...checkProject(project, scope));
  if (problems.length > 0) throw invalidProjectError(root, problems);
  return project;
}
