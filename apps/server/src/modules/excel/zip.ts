import { constants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Just enough of the ZIP format to judge an upload before any XML parser touches it: the central directory tells
 * every entry's name and sizes without inflating anything, so a zip bomb or a macro workbook is refused in
 * microseconds. The ExcelJS streaming reader does the real reading afterwards.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD = 0x06054b50;
const CDIR = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries listed in the central directory; throws ZipFormatError when the structure is not a sane ZIP. */
export function readCentralDirectory(buf: Buffer): ZipEntry[] {
  // The End Of Central Directory record is the last 22 bytes plus an optional comment of up to 65,535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('找不到 ZIP 目录');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: a workbook under 20 MB never needs them, and they would let sizes hide beyond 4 GB.
  if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff)
    throw new ZipFormatError('不支持 ZIP64 格式');
  if (dirOffset + dirSize > eocd) throw new ZipFormatError('ZIP 目录越界');
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDIR) throw new ZipFormatError('ZIP 目录已损坏');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    };
    if (e.compressedSize === 0xffffffff || e.size === 0xffffffff || e.localOffset === 0xffffffff)
      throw new ZipFormatError('不支持 ZIP64 格式');
    if (e.localOffset + 30 > buf.length || e.localOffset + e.compressedSize > buf.length)
      throw new ZipFormatError('ZIP 条目越界');
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Where an entry's compressed bytes start: after its local header, whose name/extra lengths may differ from the directory's. */
function dataStart(buf: Buffer, e: ZipEntry): number {
  if (buf.readUInt32LE(e.localOffset) !== LOCAL) throw new ZipFormatError(`ZIP 条目 ${e.name} 已损坏`);
  return e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
}

function compressed(buf: Buffer, e: ZipEntry): Buffer {
  const start = dataStart(buf, e);
  return buf.subarray(start, start + e.compressedSize);
}

/**
 * An entry's bytes. With `prefix`, only the start of it (about prefix compressed bytes' worth), which is how the
 * header row and the <dimension> of a big sheet are read without inflating the sheet. Output is capped at the
 * declared size, so an entry that lies about its size can not blow up here.
 */
export function inflateEntry(buf: Buffer, e: ZipEntry, prefix?: number): Buffer {
  if (e.flags & 1) throw new ZipFormatError('ZIP 条目已加密');
  const data = compressed(buf, e);
  if (e.method === 0) return data.subarray(0, prefix ?? data.length);
  if (e.method !== 8) throw new ZipFormatError(`不支持的压缩方式 ${e.method}`);
  const part = prefix !== undefined && prefix < data.length;
  try {
    return inflateRawSync(part ? data.subarray(0, prefix) : data, {
      maxOutputLength: Math.max(e.size, 1),
      ...(part ? { finishFlush: constants.Z_SYNC_FLUSH } : {}),
    });
  } catch (err) {
    throw new ZipFormatError(`ZIP 条目 ${e.name} 无法解压：${(err as Error).message}`);
  }
}

/**
 * Inflates every entry without keeping the output and fails as soon as one produces more than its directory claims.
 * This catches a forged directory (small sizes in front of a huge deflate stream) before the XML parser sees it.
 */
export async function verifyInflatedSizes(buf: Buffer, entries: ZipEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.method !== 8) continue;
    let seen = 0;
    const counter = new Writable({
      write(chunk: Buffer, _enc, cb) {
        seen += chunk.length;
        cb(seen > e.size ? new ZipFormatError(`ZIP 条目 ${e.name} 解压后超过声明的大小`) : null);
      },
    });
    const src = createInflateRaw();
    const done = pipeline(src, counter);
    src.end(compressed(buf, e));
    await done;
  }
}
