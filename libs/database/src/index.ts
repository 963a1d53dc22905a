export { createDatabase, type Database } from './database';
export type { DatabaseOptions } from './options';
export { migrate, migrationChecksum, MIGRATIONS_TABLE } from './migrate';
export type { MigrateOptions, MigrationDriver, MigrationReport, MigrationSession } from './migrate';
export { bundledMigrations, loadMigrationsFromDir, type Migration } from './migrations';
export { toDatabaseError, isConnectionError } from './errors';
export { PrismaClient, Prisma } from './generated/prisma/client';
export type {
  PipelineRun,
  StageRun,
  Artifact,
  FeatureSet,
  OfflineFeature,
  OnlineFeature,
  Model,
} from './generated/prisma/client';
