import { canonicalJson, type Project } from '@churn/project';
import { artifactIdOf } from './artifact-id';

type ProjectIdentity = Pick<Project, 'manifest' | 'version'>;

/** Where a project version's declarations are kept: one immutable object per version. */
export const projectArtifactKey = (project: ProjectIdentity): string => `projects/${project.manifest.name}/${project.version}/declarations.json`;

/** The artifact id of a project version: a parent of everything a run with that version makes. */
export const projectArtifactId = (project: ProjectIdentity): string => artifactIdOf(projectArtifactKey(project));

/** The declarations of a project version as one canonical JSON document (the five files as loaded). */
export function projectDeclarations(project: Project): string {
  return canonicalJson({
    name: project.manifest.name,
    version: project.version,
    project: project.manifest,
    sources: project.sources,
    expectations: project.suites,
    datasets: project.datasets,
    features: project.views,
  });
}
