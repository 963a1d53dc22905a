import Ajv, { type ErrorObject } from 'ajv';
import { StorageErrorCode, storageError } from './errors';
import type { PutOptions } from './object-store';

/** Options of {@link createFsObjectStore}. */
export interface FsObjectStoreOptions {
  /** Directory holding the objects; created on first write. */
  rootDir: string;
}

/** Options of {@link createS3ObjectStore}. */
export interface S3ObjectStoreOptions {
  /** e.g. `http://127.0.0.1:9000`; omit for AWS S3. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both or neither; without them the SDK's default credential chain is used. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Needed for most S3-compatible servers. Default false. */
  forcePathStyle?: boolean;
  /** Multipart part size; S3 minimum 5 MiB. Default 8 MiB. */
  partSizeBytes?: number;
  /** Bodies larger than this are uploaded with multipart. Default 8 MiB. */
  multipartThresholdBytes?: number;
  /** Parts uploaded concurrently per put (memory: concurrency x part size). Default 2. */
  uploadConcurrency?: number;
  /** Keys per ListObjectsV2 page. Default 1000 (the S3 maximum). */
  listPageSize?: number;
}

const MiB = 1024 * 1024;

const fsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rootDir'],
  properties: { rootDir: { type: 'string', minLength: 1 } },
} as const;

const s3Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['region', 'bucket'],
  properties: {
    endpoint: { type: 'string', pattern: '^https?://[^\\s/]+(/.*)?$' },
    region: { type: 'string', pattern: '^[a-z0-9-]+$' },
    bucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' },
    accessKeyId: { type: 'string', minLength: 1 },
    secretAccessKey: { type: 'string', minLength: 1 },
    forcePathStyle: { type: 'boolean' },
    // Upper bounds keep the in-memory part buffers sane; S3 itself allows 5 GiB parts.
    partSizeBytes: { type: 'integer', minimum: 5 * MiB, maximum: 512 * MiB },
    multipartThresholdBytes: { type: 'integer', minimum: 5 * MiB, maximum: 512 * MiB },
    uploadConcurrency: { type: 'integer', minimum: 1, maximum: 16 },
    listPageSize: { type: 'integer', minimum: 1, maximum: 1000 },
  },
  dependencies: { accessKeyId: ['secretAccessKey'], secretAccessKey: ['accessKeyId'] },
} as const;

/** Lowercase keys because S3 lowercases user metadata; values must be printable ASCII (HTTP headers). */
const putOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    contentType: { type: 'string', pattern: '^[\\x21-\\x7E]+/[\\x20-\\x7E]+$' },
    deferSync: { type: 'boolean' },
    metadata: {
      type: 'object',
      propertyNames: { pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', not: { enum: ['sha256', 'bytes'] } },
      additionalProperties: { type: 'string', pattern: '^[\\x20-\\x7E]*$', maxLength: 1024 },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const checkFs = ajv.compile(fsSchema);
const checkS3 = ajv.compile(s3Schema);
const checkPut = ajv.compile(putOptionsSchema);

function fieldOf(e: ErrorObject): string {
  const base = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const p = e.params as { missingProperty?: string; additionalProperty?: string; propertyName?: string; property?: string };
  const leaf = p.missingProperty ?? p.additionalProperty ?? p.propertyName;
  return [base, leaf].filter(Boolean).join('.') || '(root)';
}

function describe(errors: ErrorObject[] | null | undefined): { message: string; fields: string[] } {
  const list = (errors ?? []).filter((e) => e.keyword !== 'if');
  const fields = [...new Set(list.map(fieldOf))];
  const message = list.map((e) => `${fieldOf(e)} ${e.message ?? 'is invalid'}`).join('; ');
  return { message, fields };
}

function validate<T>(check: ReturnType<typeof ajv.compile>, what: string, value: unknown): T {
  if (!check(value)) {
    const { message, fields } = describe(check.errors);
    throw storageError(StorageErrorCode.InvalidOptions, `invalid ${what}: ${message}`, { context: { fields } });
  }
  return value as T;
}

/** Validates fs store options; throws CHURN_STORAGE_INVALID_OPTIONS naming the bad field. */
export function validateFsOptions(options: unknown): FsObjectStoreOptions {
  return validate(checkFs, 'fs object store options', options);
}

/** Validates S3 store options; throws CHURN_STORAGE_INVALID_OPTIONS naming the bad field. */
export function validateS3Options(options: unknown): S3ObjectStoreOptions {
  return validate(checkS3, 'S3 object store options', options);
}

/** Validates put options (shared by every store so they accept exactly the same input). */
export function validatePutOptions(options: PutOptions | undefined): PutOptions {
  // A callback is not JSON: check it by hand, the rest with the schema.
  const { beforeCommit, ...data } = options ?? {};
  if (beforeCommit !== undefined && typeof beforeCommit !== 'function') {
    throw storageError(StorageErrorCode.InvalidOptions, 'put options: beforeCommit must be a function', { context: { field: 'beforeCommit' } });
  }
  const checked = validate<PutOptions>(checkPut, 'put options', data);
  return beforeCommit ? { ...checked, beforeCommit } : checked;
}
