import type { Project } from '@churn/project';
import type { CsvDialect } from '../engine/engine-types';

/**
 * How each CSV source of the project is written (its `csv.delimiter` in sources.json), by source name: ingestion
 * stores the file byte for byte, and the validator reads it with the delimiter it was exported with.
 */
export function sourceCsvOf(project: Pick<Project, 'sources'>): Map<string, CsvDialect> {
  const out = new Map<string, CsvDialect>();
  for (const source of project.sources) {
    const delimiter = source.csv?.delimiter;
    if (source.kind === 'csv' && typeof delimiter === 'string' && delimiter !== '' && delimiter !== ',') out.set(source.name, { delimiter });
  }
  return out;
}
