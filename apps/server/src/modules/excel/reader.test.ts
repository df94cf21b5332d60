import { describe, expect, it } from 'vitest';
import { bufferedWriter } from './layout';
import { plainValue, streamSheetRows, utf8Aligned, utf8Boundary } from './reader';

async function collect(gen: AsyncIterable<Buffer | string>) {
  const out: Buffer[] = [];
  for await (const c of gen) out.push(Buffer.from(c));
  return out;
}

describe('UTF-8 safe streaming (ExcelJS 4.4.0 decodes each chunk on its own)', () => {
  it('cuts only between characters', async () => {
    const s = Buffer.from('a数𠀀b', 'utf8'); // 1 + 3 + 4 + 1 bytes
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => utf8Boundary(s.subarray(0, n)))).toEqual([
      0, 1, 1, 1, 4, 4, 4, 4, 8, 9,
    ]);
    async function* bytes() {
      for (const b of s) yield Buffer.from([b]); // the worst chunking there is
    }
    const chunks = await collect(utf8Aligned(bytes()));
    expect(chunks.map((c) => c.toString('utf8'))).toEqual(['a', '数', '𠀀', 'b']);
  });

  it.each([true, false])('reads 5,000 rows of Chinese text back exactly (shared strings: %s)', async (shared) => {
    const { wb, finish } = bufferedWriter(shared);
    const ws = wb.addWorksheet('数据');
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = `湖北省测试技师学院第${i}号需求：数控加工实训基地共建${i % 7 ? '' : '𠀀'}`;
      expected.push(v);
      ws.addRow([i, v]).commit();
    }
    ws.commit();
    const buf = await finish();
    let bad = 0;
    let n = 0;
    for await (const row of streamSheetRows(buf, 'xl/worksheets/sheet1.xml')) {
      n++;
      if (row.cells[1] !== expected[row.number - 1]) bad++;
    }
    expect(n).toBe(5000);
    expect(bad).toBe(0);
  });
});

describe('plainValue', () => {
  it('takes what the cell shows: formula results, rich text, hyperlink text, error values', () => {
    expect(plainValue({ formula: 'A1*2', result: 42 })).toBe(42);
    expect(plainValue({ formula: 'A1', result: { error: '#N/A' } })).toEqual({ error: '#N/A' });
    // No stored result: not blank (a person sees a value in Excel) but an unreadable cell the importers name.
    expect(plainValue({ formula: 'NOW()' })).toEqual({ error: '', formula: 'NOW()' });
    expect(plainValue({ sharedFormula: 'A2' })).toEqual({ error: '', formula: 'A2' });
    expect(plainValue({ richText: [{ text: '数控' }, { text: '加工' }] })).toBe('数控加工');
    expect(plainValue({ text: '链接文字', hyperlink: 'https://example.org' })).toBe('链接文字');
    expect(plainValue(new Date(0))).toEqual(new Date(0));
    expect(plainValue(Number.NaN)).toEqual({ error: '#VALUE!' });
  });
});
