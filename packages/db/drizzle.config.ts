import { defineConfig } from 'drizzle-kit';

// `pnpm db:generate` writes a new migration into ./drizzle from the schema. Review it and commit it;
// never edit a migration that has been applied somewhere.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
