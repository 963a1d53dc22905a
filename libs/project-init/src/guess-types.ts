import type { EntityLink, LabelDeclaration } from '@churn/project';
import type { TableProfile } from './profile-types';

/** One thing init guessed, and why: printed as `<topic>: <choice> (<why>)`. */
export interface InitGuess {
  topic: string;
  choice: string;
  why: string;
}

/** What init guessed about one table. */
export interface TableGuess {
  profile: TableProfile;
  key: string[];
  /** Rows of the file repeating a key of an earlier row: versions, quarantined by validation, warned about. */
  repeatedKeys: number;
  /** Date or timestamp column saying when a row happened (tables other than the entity's). */
  eventTime?: string;
  /** How the table reaches the entity; none for the entity table and tables that do not. */
  link?: EntityLink;
  /** "Last changed" column to keep the newest row per key by. */
  dedupeBy?: string;
}

/** Everything init guessed about a folder of tables. */
export interface ProjectGuess {
  tables: TableGuess[];
  entity: { name: string; table: string; key: string; since?: string };
  label: LabelDeclaration;
  guesses: InitGuess[];
}
