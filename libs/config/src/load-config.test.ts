import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index';

const port = { PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 3002 } };

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to embedded infrastructure when nothing is configured', () => {
    const config = loadConfig({ service: 'validator', properties: port, env: {} });
    expect(config).toMatchObject({ PORT: 3002, BUS: 'memory', STORAGE: 'fs', DATABASE_URL: 'pglite:./data/db' });
  });

  it('infers kafka and s3 from their variables and coerces types', () => {
    const config = loadConfig({
      service: 'validator',
      properties: port,
      env: { KAFKA_BROKERS: 'a:9092,b:9093', S3_BUCKET: 'lake', S3_FORCE_PATH_STYLE: 'true', PORT: '4000' },
    });
    expect(config).toMatchObject({ BUS: 'kafka', STORAGE: 's3', S3_FORCE_PATH_STYLE: true, PORT: 4000 });
  });

  it('names every bad variable and why', () => {
    const problems = problemsOf(() =>
      loadConfig({
        service: 'validator',
        properties: port,
        env: { PORT: 'eighty', BUS: 'kafka', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' },
      }),
    );
    const byVariable = Object.fromEntries(problems.map((p) => [p.variable, p.reason]));
    expect(Object.keys(byVariable).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
    expect(byVariable.KAFKA_BROKERS).toBe('is required when BUS=kafka');
    expect(byVariable.PORT).toContain('must be integer');
  });

  it('reports a required service variable that is missing', () => {
    const problems = problemsOf(() =>
      loadConfig({ service: 'predictor', properties: { FEATURE_STORE_URL: { type: 'string', format: 'uri' } }, required: ['FEATURE_STORE_URL'], env: {} }),
    );
    expect(problems).toEqual([{ variable: 'FEATURE_STORE_URL', reason: 'is required' }]);
  });

  it('rejects a malformed broker list', () => {
    const problems = problemsOf(() => loadConfig({ service: 'x', env: { KAFKA_BROKERS: 'localhost' } }));
    expect(problems[0]?.variable).toBe('KAFKA_BROKERS');
  });
});
