import { invalidProjectError, type Project, type ProjectProblem } from '@churn/project';
import { type ColumnMapping, columnMappingProblems } from '../engine/column-mapping';

/**
 * The column mapping of every source of the project that declares one (`columns.rename` / `columns.drop` in its
 * sources.json), by source name: what the validator applies when it reads the source's raw data. A bad mapping
 * refuses to start with CHURN_PROJECT_INVALID, naming the source and the field
 * (`sources.json sources[0].columns.rename.customerID: ...`).
 */
export function sourceColumnsOf(project: Pick<Project, 'dir' | 'sources'>): Map<string, ColumnMapping> {
  const out = new Map<string, ColumnMapping>();
  const problems: ProjectProblem[] = [];
  project.sources.forEach((source, i) => {
    const columns = source.columns;
    if (!columns || (columns.rename === undefined && columns.drop === undefined)) return;
    const mapping: ColumnMapping = { ...(columns.rename ? { rename: columns.rename } : {}), ...(columns.drop ? { drop: columns.drop } : {}) };
    for (const p of columnMappingProblems(mapping)) problems.push({ file: 'sources', path: ['sources', i, 'columns', ...p.path], reason: p.reason });
    out.set(source.name, mapping);
  });
  if (problems.length > 0) throw invalidProjectError(project.dir, problems);
  return out;
}
