import { describe, expect, it } from 'vitest';
import { canonicalJson, projectVersionOf } from './project-version';

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and leaves out undefined', () => {
    expect(canonicalJson({ b: [2, 1, { d: 1, c: undefined, a: null }], a: 'x' })).toBe('{"a":"x","b":[2,1,{"a":null,"d":1}]}');
  });
});

describe('projectVersionOf', () => {
  it('is p_ and 16 hex digits, the same for the same declarations in any key order', () => {
    const version = projectVersionOf({ project: { name: 'p', model: { seed: 1, l2: 1 } }, features: { views: [] } });
    expect(version).toMatch(/^p_[0-9a-f]{16}$/);
    expect(projectVersionOf({ features: { views: [] }, project: { model: { l2: 1, seed: 1 }, name: 'p' } })).toBe(version);
    expect(projectVersionOf({ project: { name: 'p', model: { seed: 2, l2: 1 } }, features: { views: [] } })).not.toBe(version);
  });

  it('does not count a file under another role as the same', () => {
    expect(projectVersionOf({ datasets: { x: 1 } })).not.toBe(projectVersionOf({ features: { x: 1 } }));
  });

  it('ignores $schema', () => {
    expect(projectVersionOf({ project: { $schema: './schema.json', name: 'p' } })).toBe(projectVersionOf({ project: { name: 'p' } }));
  });
});
