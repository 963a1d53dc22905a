import type { ProjectManifest } from '@churn/project';
import type { ProjectGuess } from './guess-types';

/** project.json: the entity and label guessed, a logistic regression on the drafted view. The only file with a date. */
export function draftManifest(name: string, guess: ProjectGuess, featureView: string, files: number, today: string): ProjectManifest {
  return {
    name,
    description: `Drafted by init from ${files} file${files === 1 ? '' : 's'} on ${today}.`,
    entity: { name: guess.entity.name, key: guess.entity.key, dataset: guess.entity.table, ...(guess.entity.since ? { since: guess.entity.since } : {}) },
    label: guess.label,
    model: { name: `${name}-churn`, featureView, algorithms: ['logistic_regression'], testFraction: 0.2, seed: 42, l2: 1, threshold: 0.5 },
  };
}
