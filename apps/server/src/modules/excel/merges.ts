import { createInflateRaw } from 'node:zlib';
import { isBlankInput } from '@cjrh/domain';
import { colIndex } from './peek';
import type { Plain } from './reader';
import { colLetter } from './layout';
import { readCentralDirectory, ZipFormatError } from './zip';

/**
 * Merged cells of a data sheet (docs/decisions/0021-import-edge-cases.md). A bureau merges a column down over rows
 * that share a value (one school's name beside its five needs) and means "this value on every row"; the file stores
 * it in the top cell only, so without this the rows below read as empty and fail as 「必填」. A merge across columns
 * has no such meaning (which column does the value belong to?), so those covered cells are refused by name.
 * ExcelJS's streaming reader skips <mergeCells>, and they come after <sheetData>, so they are read in a pass of their own.
 */
export interface Merge {
  ref: string;
  top: number;
  bottom: number;
  /** 0-based columns. */
  left: number;
  right: number;
}

const MERGE_TAG = Buffer.from('mergeCell');
const MERGE = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"/g;

/** The sheet's merges, read by inflating the sheet as a stream (memory stays flat however long the sheet is). */
export async function cellMerges(buf: Buffer, sheetPath: string): Promise<Merge[]> {
  const entry = readCentralDirectory(buf).find((e) => e.name === sheetPath);
  if (!entry) return [];
  const start =
    entry.localOffset + 30 + buf.readUInt16LE(entry.localOffset + 26) + buf.readUInt16LE(entry.localOffset + 28);
  if (entry.method !== 8)
    return [
      ...buf
        .subarray(start, start + entry.compressedSize)
        .toString('latin1')
        .matchAll(MERGE),
    ].map(toMerge);
  const inflate = createInflateRaw();
  inflate.end(buf.subarray(start, start + entry.compressedSize));
  const out: Merge[] = [];
  let tail: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      // Most of a sheet is rows: look for the tag as bytes first, decode only from there (and its "<x:" prefix).
      const at = data.indexOf(MERGE_TAG);
      let keepFrom = data.length - 200; // a tag cut by the chunk's end is whole in the next round
      if (at >= 0) {
        const from = Math.max(0, at - 16);
        // Tags are ASCII, so latin1 keeps every byte without decoding UTF-8 across chunk edges.
        const text = data.toString('latin1', from);
        let consumed = 0;
        for (const m of text.matchAll(MERGE)) {
          out.push(toMerge(m));
          consumed = m.index + m[0].length;
        }
        keepFrom = Math.max(from + consumed, keepFrom);
      }
      tail = data.subarray(Math.max(0, keepFrom));
    }
  } catch (e) {
    throw new ZipFormatError(`工作表无法解压：${(e as Error).message}`);
  }
  return out;
}

function toMerge(m: RegExpMatchArray): Merge {
  const [r1, r2] = [Number(m[2]), Number(m[4] ?? m[2])];
  const [c1, c2] = [colIndex(m[1]), colIndex(m[3] ?? m[1])];
  const [top, bottom, left, right] = [Math.min(r1, r2), Math.max(r1, r2), Math.min(c1, c2), Math.max(c1, c2)];
  return { ref: `${colLetter(left + 1)}${top}:${colLetter(right + 1)}${bottom}`, top, bottom, left, right };
}

const filled = (v: Plain | undefined) =>
  v !== undefined && v !== null && (typeof v === 'object' && !(v instanceof Date) ? true : !isBlankInput(v));

/**
 * Applies merges to rows arriving in sheet order. A covered cell of a one-column merge takes the value of the merge's
 * top cell, but only on a row that has something of its own: a merge running on into blank rows does not make data
 * rows of them. A covered cell of a merge across columns becomes an unreadable cell naming the merge.
 */
export class MergeFiller {
  private readonly pending: Merge[];
  private active: { m: Merge; value: Plain }[] = [];

  constructor(merges: Merge[]) {
    this.pending = merges.filter((m) => m.bottom > m.top || m.right > m.left).sort((a, b) => b.top - a.top); // popped from the end
  }

  apply(row: number, cells: Plain[]): Plain[] {
    while (this.pending.length && this.pending[this.pending.length - 1].top <= row) {
      const m = this.pending.pop()!;
      if (m.bottom >= row) this.active.push({ m, value: m.top === row ? (cells[m.left] ?? null) : null });
    }
    this.active = this.active.filter((a) => a.m.bottom >= row);
    if (!this.active.length) return cells;
    const covered = new Set<number>();
    for (const { m } of this.active)
      for (let c = m.left; c <= m.right; c++) if (c !== m.left || row !== m.top) covered.add(c);
    const own = cells.some((v, i) => !covered.has(i) && filled(v));
    const out = cells.slice();
    for (const { m, value } of this.active) {
      for (let c = m.left; c <= m.right; c++) {
        if (c === m.left && row === m.top) continue;
        if (m.right > m.left) out[c] = { error: '', mergedAcross: m.ref };
        else if (own) out[c] = value;
      }
    }
    return out;
  }
}

/** What the import tells the person about the merges it filled in: 「第 3～7 行 C 列是合并单元格…」. */
export function mergeNotices(merges: Merge[], header = 1, max = 20): string[] {
  const down = merges
    .filter((m) => m.left === m.right && m.bottom > m.top && m.bottom > header)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  const lines = down
    .slice(0, max)
    .map((m) => `第 ${m.top}～${m.bottom} 行 ${colLetter(m.left + 1)} 列是合并单元格，已按合并的值读取到每一行`);
  if (down.length > max) lines.push(`另有 ${down.length - max} 处合并单元格，同样按合并的值读取`);
  return lines;
}
