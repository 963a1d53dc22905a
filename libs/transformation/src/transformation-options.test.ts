import { describe, expect, it } from 'vitest';
import { loadConfig } from '@churn/config';
import { transformationEnv, transformationOptionsOf } from './transformation-options';

const load = (env: Record<string, string>) => loadConfig({ service: 'transformer', env, properties: transformationEnv.properties });

describe('transformer options', () => {
  it('defaults to one thread and a 1GB memory limit', () => {
    expect(transformationOptionsOf(load({}))).toEqual({ threads: 1, memoryLimit: '1GB' });
    expect(transformationOptionsOf(load({ FEATURES_THREADS: '4', FEATURES_MEMORY_LIMIT: '512MB' }))).toEqual({ threads: 4, memoryLimit: '512MB' });
  });

  it('refuses a bad thread count or memory limit at startup, naming the variable', () => {
    expect(() => load({ FEATURES_THREADS: '0' })).toThrowError(expect.objectContaining({ code: 'CHURN_CONFIG_INVALID', message: expect.stringContaining('FEATURES_THREADS') }));
    expect(() => load({ FEATURES_MEMORY_LIMIT: 'lots' })).toThrowError(expect.objectContaining({ code: 'CHURN_CONFIG_INVALID', message: expect.stringContaining('FEATURES_MEMORY_LIMIT') }));
  });

  it('no longer knows the horizon or the snapshots: they come from the project', () => {
    expect(Object.keys(transformationEnv.properties)).toEqual(['FEATURES_MEMORY_LIMIT', 'FEATURES_THREADS']);
  });
});
