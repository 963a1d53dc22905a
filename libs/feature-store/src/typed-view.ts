import type { SqlRunner } from './offline-store';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * (Re)creates `features.<view>`: the offline rows of every version of a feature view with one typed column per
 * feature and the entity key under its own name, so analysts query features with plain SQL:
 * `SELECT customer_id, tenure_months FROM features.customer_features WHERE feature_set_version = 3`.
 * Built from the newest version's features; a feature older versions lack reads NULL there.
 */
export async function replaceTypedView(
  db: { prisma: SqlRunner },
  view: { name: string; entity: string; features: Array<{ name: string; dtype: 'float' | 'int' }> },
): Promise<void> {
  const columns = view.features.map(
    (f) => f.dtype === "int" ? `round((o."values"->>${literal(f.name)})::double precision)::bigint AS ${ident(f.name)}` : `(o."values"->>${literal(f.name)})::double precision AS ${ident(f.name)}`,
  );
  const select =
    `SELECT o.feature_set_id, s.version AS feature_set_version, o.entity_key AS ${ident(view.entity)}, o.event_timestamp` +
    (columns.length > 0 ? `, ${columns.join(', ')}` : '') +
    ` FROM offline_features o JOIN feature_sets s ON s.id = o.feature_set_id WHERE s.name = ${literal(view.name)}`;
  await db.prisma.$executeRawUnsafe(`DROP VIEW IF EXISTS features.${ident(view.name)}`);
  await db.prisma.$executeRawUnsafe(`CREATE VIEW features.${ident(view.name)} AS ${select}`);
}
