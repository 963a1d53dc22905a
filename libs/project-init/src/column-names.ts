// How init reads column names: which look like identifiers, dates of record changes, signups.

/** Names of identifier columns (the suggester's rule, plus `_key`). */
export const ID_NAME = /^(?:id|.*_id|.*_code|.*_number|.*_ref|.*_key)$/;

/** Names of "last changed" columns: a dataset keeps the newest row per key by them. */
export const UPDATED_NAME = /^(?:updated|modified|last_modified|last_updated|changed)(?:_at|_on|_date|_time|_ts)?$|_updated_at$/;

/** Names of the date an entity became known. */
export const SINCE_NAME = /(?:^|_)(?:signup|signed_up|sign_up|created|creation|start|started|joined|join|registered|registration|opened|onboarded)(?:_|$)/;

export const isId = (name: string): boolean => ID_NAME.test(name);
