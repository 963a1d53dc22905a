import { PlatformError } from '@churn/core';
import { describe, expect, it } from 'vitest';
import { createFsObjectStore } from './fs-object-store';
import { createS3ObjectStore } from './s3-object-store';

function invalid(fn: () => unknown): PlatformError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('CHURN_STORAGE_INVALID_OPTIONS');
    expect((err as PlatformError).retriable).toBe(false);
    return err as PlatformError;
  }
  throw new Error('expected CHURN_STORAGE_INVALID_OPTIONS');
}

const s3 = { region: 'us-east-1', bucket: 'churn-lake' };

describe('store options', () => {
  it('accepts minimal valid options', () => {
    expect(() => createFsObjectStore({ rootDir: '/tmp/x' })).not.toThrow();
    const store = createS3ObjectStore({ ...s3, endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
    expect(store.bucket).toBe('churn-lake');
  });

  it.each([
    ['fs without rootDir', () => createFsObjectStore({} as never), 'rootDir'],
    ['fs with an unknown field', () => createFsObjectStore({ rootDir: '/x', root: '/y' } as never), 'root'],
    ['s3 with a bad bucket name', () => createS3ObjectStore({ ...s3, bucket: 'Bad_Bucket' }), 'bucket'],
    ['s3 with a tiny part size', () => createS3ObjectStore({ ...s3, partSizeBytes: 1024 }), 'partSizeBytes'],
    ['s3 with a key id but no secret', () => createS3ObjectStore({ ...s3, accessKeyId: 'a' }), 'secretAccessKey'],
    ['s3 with a non-http endpoint', () => createS3ObjectStore({ ...s3, endpoint: 'ftp://x' }), 'endpoint'],
    ['s3 with an unknown field', () => createS3ObjectStore({ ...s3, bukket: 'x' } as never), 'bukket'],
  ])('rejects %s, naming the field', (_name, fn, field) => {
    const err = invalid(fn);
    expect(err.message).toContain(field);
    expect(err.context.fields).toContain(field);
  });
});
