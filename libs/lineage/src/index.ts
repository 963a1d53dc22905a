export { createArtifactWriter } from './artifact-writer';
export { artifactIdOf } from './artifact-id';
export type { ArtifactKind, ArtifactRef, ArtifactWriter, PutArtifactInput } from './artifact-writer';
export { readCsvRecords, toCsv } from './csv-artifacts';
export { projectArtifactId, projectArtifactKey, projectDeclarations } from './project-artifact';
