import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openSession, type Session } from '@churn/duckdb';
import { loadProject, type Project } from '@churn/project';
import { loadExpectationSuites } from '@churn/validation';
import { draftGuesses, nextSteps } from './describe-draft';
import { draftDataset } from './draft-datasets';
import { draftFeatureView } from './draft-features';
import { draftManifest } from './draft-manifest';
import { draftSource } from './draft-sources';
import { initErrors } from './errors';
import { guessProject } from './guess-project';
import type { InitGuess } from './guess-types';
import { checkInitOptions, type InitProjectOptions } from './init-options';
import { listCsvFiles, type CsvFile } from './list-csv-files';
import { projectSlug } from './naming';
import { profileCsv } from './profile-csv';
import type { TableProfile } from './profile-types';
import { suggestSuites } from './suggest-suites';
import { writeProject } from './write-project';

/** What {@link initProject} wrote and why. */
export interface InitProjectResult {
  /** Absolute path of the project folder. */
  dir: string;
  /** The drafted project, as loadProject reads it. */
  project: Project;
  /** Every guess with its reason, in the order made. */
  guesses: InitGuess[];
  /** What to edit next. */
  next: string[];
}

const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);

/** Profiles the files, guesses, and drafts every declaration (nothing written yet). */
async function draft(session: Session, files: readonly CsvFile[], workDir: string, name: string, opts: ReturnType<typeof checkInitOptions>) {
  const tables: TableProfile[] = [];
  for (const f of files) tables.push(await profileCsv(session, f.path, f.table, opts.sampleRows));
  const guess = guessProject(tables, { ...(opts.entity ? { entity: opts.entity } : {}), ...(opts.label ? { label: opts.label } : {}) });
  const suites = await suggestSuites(session, guess.tables, workDir);
  const datasets = guess.tables.map((t, i) => draftDataset(t, suites[i]!, guess));
  const view = draftFeatureView(guess, datasets, suites);
  if (view.view.features.length === 0) throw initErrors.noFeatures(guess.entity.table);
  const manifest = draftManifest(name, guess, view.view.name, files.length, opts.today);
  return { tables, guess, suites, datasets, view, manifest };
}

/**
 * Drafts a complete project folder from a folder of CSV files: profiles each file with DuckDB, guesses the entity,
 * keys, links, label and column roles, writes project.json, sources.json (the files copied into `data/`),
 * expectations.json (the validation suggester's suites), datasets.json and features.json, and loads the result with
 * loadProject to prove it valid. Only project.json carries a date: re-running on the same files gives the same files.
 *
 * @throws PlatformError CHURN_INIT_* (see errors.ts): one line naming the folder, file or option at fault.
 * @example const { guesses } = await initProject({ input: 'exports/', out: 'projects/acme' });
 */
export async function initProject(options: InitProjectOptions): Promise<InitProjectResult> {
  const opts = checkInitOptions(options);
  const dir = resolve(opts.out);
  const name = projectSlug(opts.name ?? basename(dir));
  if (name === '') throw initErrors.invalidOptions(`cannot make a project name of ${JSON.stringify(opts.name ?? basename(dir))}: pass --name`);
  const files = await listCsvFiles(opts.input);
  if (!opts.force && (await exists(join(dir, 'project.json')))) throw initErrors.outExists(opts.out);

  const session = await openSession();
  const workDir = await mkdtemp(join(tmpdir(), 'churn-init-'));
  let drafted: Awaited<ReturnType<typeof draft>>;
  try {
    drafted = await draft(session, files, workDir, name, opts);
  } finally {
    session.close();
    await rm(workDir, { recursive: true, force: true });
  }
  const { tables, guess, suites, datasets, view, manifest } = drafted;
  const expectations = { description: `Drafted by init from ${files.length} file${files.length === 1 ? '' : 's'}: review the types, enums and bounds before use.`, suites };
  await writeProject(
    dir,
    { project: manifest, sources: { sources: tables.map(draftSource) }, expectations, datasets: { datasets }, features: { views: [view.view] } },
    files.map((f) => f.path),
    files.map((f) => f.file),
  );
  let project: Project;
  try {
    loadExpectationSuites(join(dir, 'expectations.json'));
    project = loadProject(dir);
  } catch (err) {
    throw initErrors.draftInvalid(dir, err);
  }
  return { dir, project, guesses: [...guess.guesses, ...draftGuesses(tables, datasets, view, manifest)], next: nextSteps(opts.out, manifest) };
}
