import { sha256Hex } from '@churn/core';

/** Stable id of the artifact stored at a key (keys are unique and immutable). */
export function artifactIdOf(key: string): string {
  return `art_${sha256Hex(key).slice(0, 24)}`;
}
