/**
 * The signed scan must be a real PDF, JPEG or PNG by its structure, not only by its first bytes: a file that merely
 * starts with "%PDF-" is no scan, and a frozen record must hold something a person can open. The checks are small
 * and structural (no rendering): libraries such as file-type look at magic bytes only, which is what we replace.
 */
export interface ScanKind {
  mime: string;
  ext: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PDF: the header, at least one indirect object ("n g obj … endobj") and the %%EOF trailer near the end. */
function isPdf(b: Buffer): boolean {
  if (b.length < 32 || b.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  const tail = b.subarray(Math.max(0, b.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF')) return false;
  const text = b.toString('latin1');
  return /\d+\s+\d+\s+obj\b/.test(text) && text.includes('endobj');
}

/** PNG: the signature, an IHDR chunk of 13 bytes first (non-zero width and height), and the IEND chunk last. */
function isPng(b: Buffer): boolean {
  if (b.length < 8 + 25 + 12 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  if (b.readUInt32BE(8) !== 13 || b.subarray(12, 16).toString('latin1') !== 'IHDR') return false;
  if (b.readUInt32BE(16) === 0 || b.readUInt32BE(20) === 0) return false;
  // Walk the chunks: every length must stay inside the file, and the walk must end exactly on IEND.
  let at = 8;
  while (at + 12 <= b.length) {
    const len = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    const next = at + 12 + len;
    if (next > b.length) return false;
    if (type === 'IEND') return len === 0;
    at = next;
  }
  return false;
}

/** JPEG: SOI, a frame header (SOFn) among the segments before the scan data, and EOI at the end. */
function isJpeg(b: Buffer): boolean {
  if (b.length < 128 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return false;
  let end = b.length;
  while (end > 2 && b[end - 1] === 0x00) end--; // some cameras pad after EOI
  if (b[end - 2] !== 0xff || b[end - 1] !== 0xd9) return false;
  let at = 2;
  let frame = false;
  while (at + 4 <= end) {
    if (b[at] !== 0xff) return false;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const len = b.readUInt16BE(at + 2);
    if (len < 2 || at + 2 + len > end) return false;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) frame = true;
    if (marker === 0xda) return frame; // start of scan: the entropy-coded data follows up to EOI
    at += 2 + len;
  }
  return false;
}

const KINDS: (ScanKind & { test: (b: Buffer) => boolean })[] = [
  { mime: 'application/pdf', ext: 'pdf', test: isPdf },
  { mime: 'image/jpeg', ext: 'jpg', test: isJpeg },
  { mime: 'image/png', ext: 'png', test: isPng },
];

/** The scan's type when its structure is a complete PDF, JPEG or PNG; null otherwise. */
export function checkScan(b: Buffer): ScanKind | null {
  const k = KINDS.find((x) => x.test(b));
  return k ? { mime: k.mime, ext: k.ext } : null;
}
