import { describe, it, expect } from 'vitest';
import { USCC_ALPHABET, USCC_WEIGHTS, isValidUscc, makeUscc, normalizeUscc, usccCheckChar, validateUscc } from './uscc';

// Real codes that pass the GB 32100-2015 check: the standard's own worked example and codes of well-known companies.
const REAL_CODES = [
  '91350100M000100Y43', // GB 32100-2015 example
  '91110000802100433B', // 北京百度网讯科技有限公司
  '9144030071526726XG', // 腾讯科技（深圳）有限公司
  '91330100716105852F', // 阿里巴巴（中国）有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '914403001922038216', // 华为技术有限公司
];

describe('USCC alphabet and weights', () => {
  it('has 31 characters and leaves out I, O, Z, S and V', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(new Set(USCC_ALPHABET).size).toBe(31);
    for (const c of 'IOZSV') expect(USCC_ALPHABET).not.toContain(c);
  });

  it('uses the weights 3^(i-1) mod 31', () => {
    expect(USCC_WEIGHTS).toHaveLength(17);
    USCC_WEIGHTS.forEach((w, i) => expect(w).toBe(Number(3n ** BigInt(i) % 31n)));
  });
});

describe('validateUscc on real codes', () => {
  it.each(REAL_CODES)('accepts %s, in upper and lower case', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true });
    expect(validateUscc(code.toLowerCase())).toEqual({ ok: true });
    expect(isValidUscc(` ${code} `)).toBe(true);
  });

  it.each(REAL_CODES)('refuses every single-character substitution of %s', (code) => {
    let refused = 0;
    for (let pos = 0; pos < 18; pos++) {
      for (const c of USCC_ALPHABET) {
        if (c === code[pos]) continue;
        const corrupted = code.slice(0, pos) + c + code.slice(pos + 1);
        const r = validateUscc(corrupted);
        expect(r.ok, `${corrupted} (position ${pos + 1})`).toBe(false);
        if (!r.ok) expect(r.code).toBe('uscc_check_digit');
        refused++;
      }
    }
    expect(refused).toBe(18 * 30);
  });

  it('computes the check character of the standard example', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91110000802100433')).toBe('B');
    expect(usccCheckChar('9144030071526726x')).toBe('G');
  });

  it('names the expected check character in the message', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({
      ok: false,
      code: 'uscc_check_digit',
      message: '统一社会信用代码校验位错误，应为 3',
    });
    expect(validateUscc('914403001922038210')).toMatchObject({ message: '统一社会信用代码校验位错误，应为 6' });
  });
});

describe('validateUscc on malformed input', () => {
  it.each(['', '9135010', '91350100M000100Y4', '91350100M000100Y433', '91350100 M000100Y43'])(
    'refuses %j for its length',
    (code) => {
      expect(validateUscc(code)).toEqual({ ok: false, code: 'uscc_length', message: '统一社会信用代码应为18位' });
    },
  );

  it.each(['I', 'O', 'Z', 'S', 'V', '-', '统', '*'])('refuses the character %j', (c) => {
    const code = '91350100M000100Y43'.slice(0, 10) + c + '91350100M000100Y43'.slice(11);
    expect(validateUscc(code)).toEqual({
      ok: false,
      code: 'uscc_charset',
      message: '统一社会信用代码含有非法字符（不使用 I、O、Z、S、V）',
    });
  });

  it('usccCheckChar throws on bad characters and lengths', () => {
    expect(() => usccCheckChar('91350100M000100YO')).toThrow(/position 17/);
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(/17 characters/);
  });

  it('normalizes by trimming and upper-casing', () => {
    expect(normalizeUscc(' 91350100m000100y43\n')).toBe('91350100M000100Y43');
  });
});

describe('makeUscc', () => {
  it('rebuilds real codes from their parts', () => {
    for (const code of REAL_CODES) expect(makeUscc(code.slice(0, 2), code.slice(2, 8), code.slice(8, 17))).toBe(code);
  });

  it('produces valid Hubei codes that keep their parts', () => {
    for (let i = 0; i < 200; i++) {
      const body = `MA4K${String(i).padStart(5, '0')}`;
      const code = makeUscc('91', '420600', body);
      expect(code).toMatch(/^91420600MA4K\d{5}[0-9A-HJ-NP-RTUW-Y]$/);
      expect(validateUscc(code)).toEqual({ ok: true });
    }
    expect(makeUscc('52', '420100', 'mj1234567')).toBe(makeUscc('52', '420100', 'MJ1234567'));
  });

  it('throws on parts of the wrong size or alphabet', () => {
    expect(() => makeUscc('9', '420600', 'MA4KXY001')).toThrow(/prefix2/);
    expect(() => makeUscc('91', '42060', 'MA4KXY001')).toThrow(/regionCode6/);
    expect(() => makeUscc('91', '42060A', 'MA4KXY001')).toThrow(/6 digits/);
    expect(() => makeUscc('91', '420600', 'MA4KXY00')).toThrow(/body9/);
    expect(() => makeUscc('91', '420600', 'MA4KXY00I')).toThrow(/invalid USCC character/);
  });
});
