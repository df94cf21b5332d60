import { inflateEntry, type ZipEntry } from './zip';

/**
 * A look at a workbook's structure without a full parse: sheet names and visibility (workbook.xml + its rels), the
 * `_meta` version stamp and the data sheet's header row and <dimension>. All of it is small, so the upload request
 * can answer "wrong template" at once instead of in a background job. The rows themselves are read by ExcelJS.
 */
export interface SheetInfo {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Zip path, e.g. xl/worksheets/sheet1.xml */
  path: string;
}

export interface Peek {
  sheets: SheetInfo[];
  /** The sheet the template's defined name {@link DATA_NAME} points at (it follows the sheet when renamed or moved). */
  stamped: SheetInfo | undefined;
  /** key → value from the `_meta` sheet, or null when there is none. */
  meta: Record<string, string> | null;
  /** Row 1 of a sheet as texts, index 0 = column A. */
  header(sheet: SheetInfo): string[];
  /** The last row number the sheet's <dimension> claims, when it has one. */
  lastRow(sheet: SheetInfo): number | undefined;
}

export const META_SHEET = '_meta';
/**
 * A workbook-level defined name on the data sheet's A1, written into every template. Excel, WPS and LibreOffice
 * rewrite a name's reference when its sheet is renamed or moved, so it finds the data sheet whatever it is called and
 * wherever it stands (docs/decisions/0021-import-edge-cases.md).
 */
export const DATA_NAME = '_cjrh_data';
export const LISTS_SHEET = '_lists';
// Enough compressed bytes to hold the start of a sheet (views, cols, the header row) in any real file.
const PREFIX = 64 * 1024;

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e] ?? m;
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** Column letters → 0-based index. */
export function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.replace(/\d+$/, '').toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function resolveTarget(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

interface RawCell {
  col: number;
  t: string;
  text: string;
}

function cellsOf(rowBody: string): RawCell[] {
  const cells: RawCell[] = [];
  let pos = 0;
  for (const c of rowBody.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const a = attrs(c[1]);
    const col = a.r ? colIndex(a.r) : pos;
    pos = col + 1;
    const body = c[2] ?? '';
    const text =
      a.t === 'inlineStr'
        ? [...body.matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((x) => x[1]).join('')
        : (/<v>([^<]*)<\/v>/.exec(body)?.[1] ?? '');
    cells.push({ col, t: a.t ?? 'n', text: decodeXml(text) });
  }
  return cells;
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;

/** Row 1's cells from the start of a sheet's XML; undefined when the chunk ends before row 1 is complete. */
function headerCells(xml: string): RawCell[] | undefined {
  const data = xml.indexOf('<sheetData');
  if (data < 0) return undefined;
  const m = new RegExp(ROW.source).exec(xml.slice(data));
  if (!m) return /<sheetData\s*\/>|<\/sheetData>/.test(xml) ? [] : undefined;
  const r = attrs(m[1]).r;
  return r !== undefined && Number(r) !== 1 ? [] : cellsOf(m[2] ?? '');
}

export function peekWorkbook(buf: Buffer, entries: Map<string, ZipEntry>): Peek {
  const read = (path: string, prefix?: number) => {
    const e = entries.get(path);
    return e ? inflateEntry(buf, e, prefix).toString('utf8') : undefined;
  };
  const rels = new Map<string, string>();
  for (const m of (read('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (a.Id && a.Target) rels.set(a.Id, resolveTarget(a.Target));
  }
  const workbook = read('xl/workbook.xml') ?? '';
  const sheets: SheetInfo[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    const rid = Object.entries(a).find(([k]) => /(^|:)id$/.test(k))?.[1];
    const path = rid ? rels.get(rid) : undefined;
    if (a.name && path)
      sheets.push({
        name: a.name,
        state: a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible',
        path,
      });
  }

  let stamped: SheetInfo | undefined;
  const named = new RegExp(`<(?:\\w+:)?definedName\\b[^>]*\\bname="${DATA_NAME}"[^>]*>([^<]*)<`).exec(workbook);
  if (named) {
    // '单位名单'!$A$1 — a quote inside a quoted sheet name is doubled.
    const ref = decodeXml(named[1]).trim();
    const q = /^'((?:[^']|'')+)'!/.exec(ref);
    const name = q ? q[1].replace(/''/g, "'") : ref.split('!')[0];
    stamped = sheets.find((s) => s.name === name);
  }

  // Shared strings are looked up lazily: the header's are near the start, the stamp's may be anywhere.
  let sst: string[] | null = null;
  let sstComplete = false;
  const sharedString = (i: number): string => {
    if (sst && (i < sst.length || sstComplete)) return sst[i] ?? '';
    const full = sst !== null; // second try: the prefix was not enough
    const xml = read('xl/sharedStrings.xml', full ? undefined : PREFIX) ?? '';
    sstComplete =
      full || !entries.get('xl/sharedStrings.xml') || entries.get('xl/sharedStrings.xml')!.compressedSize <= PREFIX;
    sst = [];
    for (const m of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
      const body = (m[1] ?? '').replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
      sst.push(decodeXml([...body.matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((x) => x[1]).join('')));
    }
    return sharedString(i);
  };
  const texts = (cells: RawCell[]): string[] => {
    const out: string[] = [];
    for (const c of cells) out[c.col] = c.t === 's' ? sharedString(Number(c.text)) : c.text;
    return Array.from(out, (x) => x ?? '');
  };
  const sheetStart = (s: SheetInfo) => read(s.path, PREFIX) ?? '';

  // The stamp sheet is tiny: read it whole.
  const rowsOf = (s: SheetInfo): string[][] =>
    [...(read(s.path) ?? '').matchAll(ROW)].map((m) => texts(cellsOf(m[2] ?? '')));
  const metaSheet = sheets.find((s) => s.name === META_SHEET);
  let meta: Record<string, string> | null = null;
  if (metaSheet) {
    meta = {};
    for (const [k, v] of rowsOf(metaSheet)) if (k) meta[k.trim()] = (v ?? '').trim();
  }

  return {
    sheets,
    stamped,
    meta,
    header(s) {
      const cells = headerCells(sheetStart(s)) ?? headerCells(read(s.path) ?? '') ?? [];
      return texts(cells);
    },
    lastRow(s) {
      const m = /<dimension\b[^>]*\bref="[A-Z]*\d+(?::[A-Z]*(\d+))?"/.exec(sheetStart(s));
      return m ? Number(m[1] ?? 1) : undefined;
    },
  };
}

/**
 * The data sheet, by its stamp rather than its position: the sheet the defined name points at; else the sheet named
 * as the stamp or the definition says; else (data pasted into a new book, or a template from before the name) the first
 * visible sheet whose header row is the template's; else the first visible sheet, so the header check can say which
 * column is wrong.
 */
export function findDataSheet(
  peek: Peek,
  sheetName: string,
  expected: string[],
  same: (got: string, want: string) => boolean,
): SheetInfo | undefined {
  if (peek.stamped) return peek.stamped;
  const named =
    peek.sheets.find((s) => s.name === (peek.meta?.sheetName || sheetName)) ??
    peek.sheets.find((s) => s.name === sheetName);
  if (named) return named;
  const visible = peek.sheets.filter((s) => s.state === 'visible' && !s.name.startsWith('_'));
  return (
    visible.find((s) => {
      const head = peek.header(s);
      return expected.every((want, i) => same((head[i] ?? '').trim(), want));
    }) ?? visible[0]
  );
}

/** Said after a header mismatch when the workbook carries no stamp at all: it is not one of ours. */
export function unstampedHint(peek: Peek): string {
  return peek.stamped || peek.meta
    ? ''
    : '（这个工作簿没有系统模板的标记，其中也没有表头与模板一致的工作表：请下载模板，把数据粘贴到模板的数据表中）';
}
