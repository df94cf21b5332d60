import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from './client';
import { appMeta } from './schema/index';

// The cookie-signing secret when SESSION_SECRET is not set, kept so sessions survive restarts without asking the
// operator for one: beside the embedded database in DATA_DIR, or in the PostgreSQL database itself, so every
// process sharing that database signs and checks cookies alike and a PostgreSQL start needs no data folder.

export function fileSecret(dataDir: string): string {
  const file = join(dataDir, 'session.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const KEY = 'session_secret';

/** The first process to start writes it; the others (and later starts) read what was written. */
export async function databaseSecret(db: Db): Promise<string> {
  await db
    .insert(appMeta)
    .values({ key: KEY, value: randomBytes(32).toString('hex') })
    .onConflictDoNothing();
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, KEY));
  return String(row.value);
}
