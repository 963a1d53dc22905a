import { describe, expect, it } from 'vitest';
import { cleanEnv, start } from './processes';

describe('a service started with bad configuration', () => {
  it('names each missing or malformed variable and why, and exits non-zero', async () => {
    const service = start(process.execPath, ['--import', 'tsx', 'apps/validator/src/main.ts'], cleanEnv({
      BUS: 'kafka',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://somewhere/db',
      S3_ENDPOINT: 'not a url',
    }));
    expect(await service.exited).toBe(1);
    const stderr = service.stderr();
    expect(stderr).toContain('validator: invalid configuration');
    expect(stderr).toContain('KAFKA_BROKERS: is required when BUS=kafka');
    expect(stderr).toMatch(/PORT: must be integer \(got "eighty"\)/);
    expect(stderr).toMatch(/DATABASE_URL: must match pattern/);
    expect(stderr).toMatch(/S3_ENDPOINT: must match format "uri"/);
    expect(service.stdout()).not.toContain('listening');
  }, 60_000);
});
