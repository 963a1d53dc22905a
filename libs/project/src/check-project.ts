import { createCheckContext, WHOLE_PROJECT, type CheckScope } from './check-context';
import { checkDatasets } from './check-datasets';
import { checkFeatures } from './check-features';
import { checkManifest } from './check-manifest';
import { orderProblems, type ProjectProblem } from './project-problems';
import type { Project } from './project-types';

/**
 * The cross-file rules of a project: a dataset's source has a suite, a feature names columns its dataset has,
 * derived features form no cycle, the label's dataset has its time column, ... Returns every problem found, in
 * file and path order. `scope` says what to leave alone because it already failed (an unreadable file, a
 * declaration that fails its schema); by default every file was read and passed its schema.
 */
export function checkProject(project: Project, scope: CheckScope = WHOLE_PROJECT): ProjectProblem[] {
  const ctx = createCheckContext(project, scope);
  checkDatasets(ctx);
  checkManifest(ctx);
  checkFeatures(ctx);
  return orderProblems(ctx.problems);
}
