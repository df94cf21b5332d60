import type { Db } from '../../db/client';
import { healthProbe } from '../../db/schema/index';
import { now } from '../../lib/clock';

export type WriteProbe = 'ok' | 'read_only' | 'write_failed' | 'unreachable';

/**
 * A real write (one row of health_probe updated in place): a database that answers reads but refuses writes — read
 * only, disk full, a standby after failover — must not look ready, since every write there would fail.
 */
export async function probeWrite(db: Db): Promise<WriteProbe> {
  try {
    const at = now();
    await db
      .insert(healthProbe)
      .values({ id: 1, writtenAt: at })
      .onConflictDoUpdate({ target: healthProbe.id, set: { writtenAt: at } });
    return 'ok';
  } catch (e) {
    const code =
      (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
    if (code === '25006') return 'read_only'; // read_only_sql_transaction
    // 53xxx: insufficient resources (disk full, out of memory); 58xxx: I/O errors; PGlite reports a full disk as an fs error
    if (code?.startsWith('53') || code?.startsWith('58') || code === 'ENOSPC' || code === 'EROFS')
      return 'write_failed';
    if (code && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57')) return 'write_failed';
    return 'unreachable';
  }
}
