import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/db/client';
import { TEMPLATE_FILE, pgTemplateName } from './paths';

// Read once per worker process: with the server project's isolate: false a worker runs many files, and the dump is
// the same for the whole run (global-setup.ts writes it before any file starts). PGlite copies it into its own memory.
let template: Blob | null = null;

/** A fresh database built by the real migrations: a PGlite copy of the template, or (TEST_DATABASE_URL)
 * a PostgreSQL database cloned from the migrated template database. */
export async function freshDatabase(opts: { max?: number } = {}): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    template ??= new Blob([readFileSync(TEMPLATE_FILE)]);
    return openPglite(undefined, { loadDataDir: template, migrate: false });
  }
  const name = `cjrh_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplateName()}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openPostgres(u.toString(), { migrate: false, max: opts.max ?? 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
