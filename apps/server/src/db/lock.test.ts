import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, DataDirLockedError } from './lock';

describe('data folder lock', () => {
  it('a lock whose pid now belongs to another program is stale and taken over; a live platform process keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjrh-lock-'));
    const other = spawn('sleep', ['10']);
    try {
      writeFileSync(join(dir, 'platform.lock'), String(other.pid));
      const release = acquireDataDirLock(dir); // `sleep` is not a platform process
      release();
      const node = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
      try {
        writeFileSync(join(dir, 'platform.lock'), String(node.pid));
        expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      } finally {
        node.kill();
      }
    } finally {
      other.kill();
    }
  });
});
