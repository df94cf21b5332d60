import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { openPostgres } from '../src/db/client';
import { ensureReferenceData } from '../src/db/reference';
import { TEMPLATE_FILE, pgTemplateName } from './paths';
import { ensurePgliteTemplate } from './pgliteTemplate';

// Builds the migrated database once per run (real migrations + reference data); each test file then
// starts from a copy of it: a PGlite data dump (kept between runs while its inputs are unchanged: pgliteTemplate.ts),
// or a PostgreSQL template database.
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  const removeSeeded = seededDemoSetup();
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const tpl = pgTemplateName();
    process.env.CJRH_TPL = tpl; // inherited by the forked test workers
    await admin.query(`DROP DATABASE IF EXISTS ${tpl}`);
    await admin.query(
      `CREATE DATABASE ${tpl} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const u = new URL(url);
    u.pathname = `/${tpl}`;
    const database = await openPostgres(u.toString(), { max: 2 });
    await ensureReferenceData(database.db);
    await database.close();
    await admin.end();
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${tpl}_demo`);
      await c.query(`DROP DATABASE IF EXISTS ${tpl}`);
      await c.end();
      removeSeeded();
    };
  }
  await ensurePgliteTemplate();
  return removeSeeded;
}

/** Names the place where this run's seeded demo is built on first use (test/seededDemo.ts: a PGlite dump, or the
 * PostgreSQL template database `<template>_demo`), so that the seed-stage test files seed the demo once between
 * them; returns what removes it after the run. */
export function seededDemoSetup(): () => void {
  const dir = join(dirname(TEMPLATE_FILE), `seeded-demo-${process.pid}`);
  process.env.CJRH_SEEDED_DIR = dir; // inherited by the forked test workers
  return () => rmSync(dir, { recursive: true, force: true });
}
