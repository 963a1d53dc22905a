import { describe, expect, it } from 'vitest';
import { loadConfig } from '@churn/config';
import type { Project } from '@churn/project';
import { memoryLimitOf, threadsOf } from './preparation-env';
import { preparationService } from './preparation.service';

const configOf = (env: Record<string, string>) => loadConfig({ service: 'preparer', env, properties: preparationService.env!.properties });
const validate = (env: Record<string, string>) => preparationService.validate!(configOf(env), env, {} as Project);

describe('preparer env', () => {
  it('defaults to 1GB and one thread', () => {
    const config = configOf({});
    expect([memoryLimitOf(config), threadsOf(config)]).toEqual(['1GB', 1]);
    expect(() => validate({})).not.toThrow();
  });

  it('takes the configured limit and threads', () => {
    const config = configOf({ PREPARATION_MEMORY_LIMIT: '512MiB', PREPARATION_THREADS: '4' });
    expect([memoryLimitOf(config), threadsOf(config)]).toEqual(['512MiB', 4]);
  });

  it('refuses a memory limit DuckDB cannot use, naming the variable', () => {
    for (const limit of ['lots', '64MB']) {
      expect(() => validate({ PREPARATION_MEMORY_LIMIT: limit })).toThrow(expect.objectContaining({ code: 'CHURN_CONFIG_INVALID', message: expect.stringContaining('PREPARATION_MEMORY_LIMIT') }));
    }
  });

  it('refuses threads outside 1-64 at config load', () => {
    expect(() => configOf({ PREPARATION_THREADS: '0' })).toThrow(expect.objectContaining({ message: expect.stringContaining('PREPARATION_THREADS') }));
  });
});
