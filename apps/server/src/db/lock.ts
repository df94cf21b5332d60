import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

// PGlite takes no lock on its folder, and two processes writing one folder corrupt it. This lock file
// makes the second process stop with a clear message; a lock left by a dead process is taken over.
export class DataDirLockedError extends Error {
  constructor(
    public dir: string,
    public pid: number,
  ) {
    super(`数据目录 ${dir} 正被另一个平台进程（PID ${pid}）使用。请先停止该进程，或用 DATA_DIR 指定其他目录。`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A pid is reused by the system after its process died: a live pid only holds the lock when it is a Node process
 *  (Linux: /proc/PID/cmdline; elsewhere the pid alone decides, as before). */
function holdsLock(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

export function acquireDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'platform.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && holdsLock(pid))
        throw new DataDirLockedError(dir, pid);
      rmSync(file, { force: true }); // stale lock from a process that died (its pid gone or now another program's)
    }
  }
  throw new Error(`无法获取数据目录锁：${file}`);
}
