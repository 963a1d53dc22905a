import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PROJECT_FILES } from '@churn/project';

/** The five files of a drafted project, as JSON values. */
export type ProjectFiles = Record<keyof typeof PROJECT_FILES, unknown>;

/** Writes the project's files (2-space JSON, one trailing newline) and copies the CSV files into `<dir>/data/`. */
export async function writeProject(dir: string, files: ProjectFiles, csvPaths: readonly string[], csvNames: readonly string[]): Promise<void> {
  await mkdir(join(dir, 'data'), { recursive: true });
  for (const [role, value] of Object.entries(files)) {
    await writeFile(join(dir, PROJECT_FILES[role as keyof typeof PROJECT_FILES]), `${JSON.stringify(value, null, 2)}\n`);
  }
  for (const [i, path] of csvPaths.entries()) {
    const target = join(dir, 'data', csvNames[i]!);
    if (resolve(path) === resolve(target)) continue;
    // A read-only copy from an earlier run would refuse to be overwritten.
    await rm(target, { force: true });
    await copyFile(path, target);
  }
}
