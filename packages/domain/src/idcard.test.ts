import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, validateIdNumber } from './idcard';

describe('GB 11643 ID numbers', () => {
  it('computes the check character (the standard’s own example ends in X)', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(validateIdNumber('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateIdNumber(' 420106198001010015 ')).toEqual({ ok: true, value: '420106198001010015' });
  });
  it('refuses a wrong check character, a bad birth date and a wrong length, in Chinese', () => {
    expect(validateIdNumber('420106198001010014')).toEqual({ ok: false, message: '身份证号码校验位不正确，请核对' });
    expect(validateIdNumber('420106198002300014')).toEqual({ ok: false, message: '身份证号码中的出生日期无效' });
    expect(validateIdNumber('42010619800101001')).toEqual({
      ok: false,
      message: '身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X）',
    });
  });
});
