// Test support (not exported by the lib): copies of the example projects in a temp dir, edited per test.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadProject } from './load-project';
import { PROJECT_FILES } from './project-problems';
import type { DatasetsFile, FeaturesFile, ProjectManifest, ProjectSource, ProjectSuite } from './project-types';

export const EXAMPLE = {
  sampleCompany: fileURLToPath(new URL('../../../projects/sample-company', import.meta.url)),
  telco: fileURLToPath(new URL('../../../projects/telco', import.meta.url)),
};

/** A project's files as parsed JSON, typed as the project sees them; tests break them on purpose. */
export interface ProjectJson {
  project: ProjectManifest;
  sources: { sources: ProjectSource[] };
  expectations: { suites: ProjectSuite[] };
  datasets: DatasetsFile;
  features: FeaturesFile;
}

const tempDirs: string[] = [];

/** Copies an example project to a new temp dir, applies `edit` to its parsed files and writes them back. */
export function copyProject(from: string, edit?: (files: ProjectJson) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'churn-project-'));
  tempDirs.push(dir);
  cpSync(from, dir, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(PROJECT_FILES).map(([role, file]) => [role, JSON.parse(readFileSync(join(dir, file), 'utf8'))]),
  ) as unknown as ProjectJson;
  edit?.(files);
  for (const [role, file] of Object.entries(PROJECT_FILES)) writeFileSync(join(dir, file), `${JSON.stringify(files[role as keyof ProjectJson], null, 2)}\n`);
  return dir;
}

export function removeTempProjects(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Sets a field without the types' say: the point is to write what they forbid. */
export function set(target: object, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}

export function unset(target: object, key: string): void {
  delete (target as Record<string, unknown>)[key];
}

/** The refusal of a project: the PlatformError and its problem lines. */
export function refusal(dir: string): { error: PlatformError; problems: string[] } {
  try {
    loadProject(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    return { error: err as PlatformError, problems: (err as PlatformError).context.problems as string[] };
  }
  throw new Error(`${dir} loaded, but a refusal was expected`);
}
