import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { now } from '../lib/clock';
import type { JobDef } from './jobs';

// The embedded database's online backup: PGlite's own dump of its data folder (a gzip tar), taken through the same
// single connection every query uses, so it is consistent while the server keeps answering. Once a day (and once at
// a start without a backup of today), the newest `keep` are kept. Restore: docs/operations.md. PostgreSQL is backed
// up outside the platform (pg_dump), as every PostgreSQL is.

const NAME = /^pglite-(\d{8}-\d{6})\.tar\.gz$/;

const backupDir = (dataDir: string) => join(dataDir, 'backups');

export function listBackups(dataDir: string): { file: string; bytes: number; createdAt: string }[] {
  let names: string[];
  try {
    names = readdirSync(backupDir(dataDir));
  } catch {
    return []; // no backup taken yet
  }
  return names
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .map((file) => {
      const st = statSync(join(backupDir(dataDir), file));
      const stamp = NAME.exec(file)![1];
      const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
      return { file, bytes: st.size, createdAt: iso };
    });
}

/** Dumps, writes under a temporary name and renames (a crash never leaves a half file looking like a backup), rotates. */
export async function backupPglite(pglite: PGlite, dataDir: string, keep: number) {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const stamp = now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = `pglite-${stamp}.tar.gz`;
  const blob = await pglite.dumpDataDir('gzip');
  const tmp = join(dir, `.${file}.partial`);
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, join(dir, file));
  const removed = listBackups(dataDir)
    .slice(keep)
    .map((b) => b.file);
  for (const old of removed) unlinkSync(join(dir, old));
  return { file, bytes: statSync(join(dir, file)).size, removed };
}

export function embeddedBackupJob(pglite: PGlite, dataDir: string, keep: number): JobDef {
  return {
    name: 'embedded-backup',
    cron: '30 2 * * *',
    everyMs: 86_400_000,
    atStart: true,
    run: async () => {
      // A restart during the day does not add a second backup of that day.
      const today = now().toISOString().slice(0, 10).replace(/-/g, '');
      if (listBackups(dataDir).some((b) => b.file.startsWith(`pglite-${today}`))) return { skipped: 'today' };
      return backupPglite(pglite, dataDir, keep);
    },
  };
}
