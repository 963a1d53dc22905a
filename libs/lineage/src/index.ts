export { createArtifactWriter, artifactIdOf } from './artifact-writer';
export type { ArtifactKind, ArtifactRef, ArtifactWriter, PutArtifactInput } from './artifact-writer';
export { readCsvRecords, toCsv } from './csv-artifacts';
