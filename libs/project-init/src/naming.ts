// Names init makes up: snake_case table names, singular entity nouns, slugs, feature names that fit.

const NAME_MAX = 63;

/** `Telco-Customer-Churn` -> `telco_customer_churn`, `SupportTickets` -> `support_tickets` (column names come from validation's suggestColumnNames). */
export function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A snake_case table name a suite and a dataset can hold (`^[a-z][a-z0-9_]*$`, at most 63 characters). */
export function platformName(text: string, fallback: string, prefix = 'c'): string {
  let name = snakeCase(text);
  if (name === '') name = fallback;
  if (!/^[a-z]/.test(name)) name = `${prefix}_${name}`;
  return name.slice(0, NAME_MAX).replace(/_+$/, '');
}

/** `name`, or `name_2`, `name_3`... whichever is not taken yet; the result is marked taken. */
export function distinctName(name: string, taken: Set<string>, max = NAME_MAX): string {
  let candidate = name.slice(0, max);
  for (let n = 2; taken.has(candidate); n++) candidate = `${name.slice(0, max - String(n).length - 1)}_${n}`;
  taken.add(candidate);
  return candidate;
}

/** `accounts` -> `account`, `companies` -> `company`, `addresses` -> `address`, `status` stays. */
export function singular(name: string): string {
  const words = name.split('_');
  const last = words.pop() ?? '';
  const one = /ies$/.test(last)
    ? `${last.slice(0, -3)}y`
    : /(ss|us|is)$/.test(last)
      ? last
      : /(s|x|z|ch|sh)es$/.test(last)
        ? last.slice(0, -2)
        : /s$/.test(last)
          ? last.slice(0, -1)
          : last;
  return [...words, one].join('_');
}

/** A project slug (`^[a-z0-9][a-z0-9-]*$`): `My Company` -> `my-company`. */
export function projectSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NAME_MAX - '-churn'.length);
}
