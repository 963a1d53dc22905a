// Prisma 7 CLI configuration for libs/database (used by `prisma generate`,
// run from tools/prisma-generate.mjs). The database URL is deliberately absent:
// migrations are applied by src/migrate.ts, not by `prisma migrate`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
