import type { Database, Prisma } from '@churn/database';
import type { Project } from '@churn/project';
import { artifactIdOf } from './artifact-id';
import { projectArtifactId, projectArtifactKey, projectDeclarations } from './project-artifact';
import { putIfAbsent, type ObjectBody, type ObjectStore, type PutOptions } from '@churn/storage';

/** Kinds of artifact the pipeline produces, from raw file to model. */
export type ArtifactKind =
  | 'raw'
  | 'manifest'
  | 'valid-records'
  | 'record-schema'
  | 'quarantine'
  | 'quality-report'
  | 'dataset'
  | 'preparation-params'
  | 'dataset-summary'
  | 'feature-set'
  | 'labels'
  | 'model'
  | 'model-report'
  | 'project';

/** A stored artifact as events and other artifacts refer to it. */
export interface ArtifactRef {
  id: string;
  key: string;
  sha256: string;
  bytes: number;
}

export interface PutArtifactInput {
  kind: ArtifactKind;
  key: string;
  body: ObjectBody;
  contentType: string;
  runId: string;
  producer: string;
  /** Artifacts this one was made from: the lineage graph's edges. */
  parentIds?: string[];
  metadata?: Record<string, unknown>;
  /** Content deduplication hook (see PutOptions.beforeCommit); a diverted write returns the existing artifact. */
  beforeCommit?: PutOptions['beforeCommit'];
  /** See PutOptions.deferSync: the caller syncs the key before anything refers to it. */
  deferSync?: boolean;
}


/**
 * Writes immutable, content-hashed artifacts and records each one with the run
 * that made it and its parents. Writing the same content to the same key again
 * (a redelivered event) returns the existing artifact; different content at an
 * existing key is refused by the store. With `project`, the project version's
 * declarations artifact (recordProjectArtifact) is a parent of every artifact.
 */
export function createArtifactWriter(deps: { storage: ObjectStore; db: Database; project?: Project }) {
  // Everything a stage makes descends from the project version whose declarations made it, recorded once.
  const { project } = deps;
  let projectRecorded: Promise<unknown> | undefined;
  const writer = {
    async put(input: PutArtifactInput): Promise<ArtifactRef> {
      const id = artifactIdOf(input.key);
      const parentIds = [...(input.parentIds ?? [])];
      if (project && input.kind !== 'project') {
        projectRecorded ??= writer.put({
          kind: 'project',
          key: projectArtifactKey(project),
          body: projectDeclarations(project),
          contentType: 'application/json',
          runId: `project-${project.version}`,
          producer: input.producer,
          metadata: { project: project.manifest.name, version: project.version },
        });
        await projectRecorded;
        const parent = projectArtifactId(project);
        if (!parentIds.includes(parent)) parentIds.push(parent);
      }
      // INSERT ... ON CONFLICT DO NOTHING: one round trip (an upsert with nothing to update is a transaction of five).
      const record = (sha256: string, bytes: number) =>
        deps.db.prisma.artifact.createMany({
          data: {
            id,
            kind: input.kind,
            key: input.key,
            sha256,
            bytes: BigInt(bytes),
            runId: input.runId,
            producer: input.producer,
            parentIds,
            metadata: (input.metadata ?? {}) as Prisma.InputJsonValue,
          },
          skipDuplicates: true,
        });
      let recorded = false;
      const stored = await putIfAbsent(deps.storage, input.key, input.body, {
        contentType: input.contentType,
        metadata: { 'run-id': input.runId, producer: input.producer, kind: input.kind },
        ...(input.deferSync ? { deferSync: true } : {}),
        // The row is written before the object becomes visible, so no visible object is ever unrecorded.
        beforeCommit: async (candidate) => {
          const diverted = await input.beforeCommit?.(candidate);
          if (diverted) return diverted;
          await record(candidate.sha256, candidate.bytes);
          recorded = true;
          return undefined;
        },
      });
      if (stored.key !== input.key) {
        // Identical content already stored elsewhere: that artifact stands for this one.
        return { id: artifactIdOf(stored.key), key: stored.key, sha256: stored.sha256, bytes: stored.bytes };
      }
      // An object that was already there (a redelivered write) skipped beforeCommit: record it now.
      if (!recorded) await record(stored.sha256, stored.bytes);
      return { id, key: input.key, sha256: stored.sha256, bytes: stored.bytes };
    },
  };
  return writer;
}

export type ArtifactWriter = ReturnType<typeof createArtifactWriter>;
