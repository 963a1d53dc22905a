import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleSourcesFile } from './demo-sources';

describe('sampleSourcesFile: when the demo starts the sample systems', () => {
  it("when the project's sources.json reads them (the sample company, the default project), and no SOURCES_FILE overrides it", () => {
    expect(sampleSourcesFile({})).toBe(resolve('projects/sample-company/sources.json'));
    expect(sampleSourcesFile({ PROJECT_DIR: 'projects/sample-company' })).toBe(resolve('projects/sample-company/sources.json'));
    expect(sampleSourcesFile({ PROJECT_DIR: 'projects/telco' })).toBeUndefined();
    expect(sampleSourcesFile({ SOURCES_FILE: 'projects/sample-company/sources.json' })).toBeUndefined();
  });

  it('names a project folder without a sources.json', () => {
    expect(() => sampleSourcesFile({ PROJECT_DIR: 'projects/nope' })).toThrowError(/projects\/nope\/sources\.json/);
  });
});
