import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` reads this file; it needs the schema, not a live database.
export default defineConfig({
  schema: './lib/db/schema.ts',
  out: './drizzle',
  dialect: 'postgresql',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/cinemood' },
});
