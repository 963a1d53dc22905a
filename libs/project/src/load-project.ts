import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { checkProject } from './check-project';
import { invalidProjectError, PROJECT_FILES, type ProjectFile, type ProjectProblem } from './project-problems';
import { datasetsFileSchema, featuresFileSchema, projectManifestSchema } from './project-schemas';
import type { DatasetsFile, FeaturesFile, Project, ProjectManifest, ProjectSource, ProjectSuite } from './project-types';
import { projectVersionOf } from './project-version';

const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, allowUnionTypes: true, useDefaults: true });
const validators = {
  project: ajv.compile(projectManifestSchema),
  datasets: ajv.compile(datasetsFileSchema),
  features: ajv.compile(featuresFileSchema),
};

function pathOf(instancePath: string): Array<string | number> {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function ajvProblems(file: ProjectFile, errors: ErrorObject[]): ProjectProblem[] {
  const out: ProjectProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // oneOf reports every branch; the discriminator or the branch's own errors say more.
    if (e.keyword === 'oneOf' && errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== 'oneOf')) continue;
    const path = pathOf(e.instancePath);
    let reason: string;
    if (e.keyword === 'additionalProperties') {
      path.push(String(e.params.additionalProperty));
      reason = 'unknown field';
    } else if (e.keyword === 'required') {
      path.push(String(e.params.missingProperty));
      reason = 'is required';
    } else if (e.keyword === 'enum') reason = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    else if (e.keyword === 'discriminator') reason = `${String(e.params.tag)} must be one of the kinds this file knows (${e.message ?? 'unknown kind'})`;
    else reason = e.message ?? 'is invalid';
    const key = `${file}|${path.join('/')}|${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, path, reason });
  }
  return out;
}

function readJson(dir: string, file: ProjectFile, problems: ProjectProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, PROJECT_FILES[file]), 'utf8');
  } catch (err) {
    problems.push({ file, path: [], reason: `cannot read the file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message}` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push({ file, path: [], reason: `not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** The sources and suites as far as the project checks them; ingestion and validation check the rest at their start. */
function lenientList<T>(raw: unknown, field: 'sources' | 'suites', file: ProjectFile, problems: ProjectProblem[]): T[] {
  const list = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[field] : undefined;
  if (!Array.isArray(list)) {
    if (raw !== undefined) problems.push({ file, path: [field], reason: 'must be an array' });
    return [];
  }
  return list.filter((item): item is T => item !== null && typeof item === 'object') as T[];
}

/**
 * Loads and checks a project folder: `project.json`, `sources.json`, `expectations.json`, `datasets.json` and
 * `features.json`. Shapes are checked with JSON Schema, then across files (a feature names a column its dataset
 * has, derived features form no cycle, the label's dataset has its time column, ...). Every problem is reported at
 * once, by file, JSON path and reason. The version is a content hash of the declarations.
 *
 * @throws PlatformError CHURN_PROJECT_INVALID with `context.problems: string[]`.
 * @example const project = loadProject('projects/telco');
 */
export function loadProject(dir: string): Project {
  const root = resolve(dir);
  const problems: ProjectProblem[] = [];
  const raw = {
    project: readJson(root, 'project', problems),
    sources: readJson(root, 'sources', problems),
    expectations: readJson(root, 'expectations', problems),
    datasets: readJson(root, 'datasets', problems),
    features: readJson(root, 'features', problems),
  };
  // Versioned before defaults are filled in: a default made explicit is the same declaration.
  const version = projectVersionOf(raw);
  const own = structuredClone({ project: raw.project, datasets: raw.datasets, features: raw.features });
  for (const file of ['project', 'datasets', 'features'] as const) {
    if (own[file] === undefined) continue;
    const validate = validators[file];
    if (!validate(own[file])) problems.push(...ajvProblems(file, validate.errors ?? []));
  }
  const sources = lenientList<ProjectSource>(raw.sources, 'sources', 'sources', problems);
  const suites = lenientList<ProjectSuite>(raw.expectations, 'suites', 'expectations', problems);
  if (problems.length > 0) throw invalidProjectError(root, problems);

  const project: Project = {
    dir: root,
    version,
    manifest: own.project as ProjectManifest,
    sources,
    suites,
    datasets: (own.datasets as DatasetsFile).datasets,
    views: (own.features as FeaturesFile).views,
    files: Object.fromEntries(Object.entries(PROJECT_FILES).map(([k, f]) => [k, join(root, f)])) as Project['files'],
  };
  problems.push(...checkProject(project));
  if (problems.length > 0) throw invalidProjectError(root, problems);
  return project;
}
