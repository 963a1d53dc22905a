export type { ObjectBody, ObjectStore, PutOptions, StoredObject } from './object-store';
export { createFsObjectStore } from './fs-object-store';
export { createS3ObjectStore, S3_TMP_PREFIX } from './s3-object-store';
export type { S3ObjectStore } from './s3-object-store';
export { putIfAbsent } from './put-if-absent';
export { StorageErrorCode } from './errors';
export { validateFsOptions, validateS3Options } from './options';
export type { FsObjectStoreOptions, S3ObjectStoreOptions } from './options';
