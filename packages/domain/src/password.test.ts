import { describe, expect, it } from 'vitest';
import { checkPassword, passwordClasses } from './password';

describe('password policy', () => {
  it('accepts the demo password and other three-class passwords', () => {
    expect(checkPassword('Demo@2025').ok).toBe(true);
    expect(checkPassword('abcdef12!').ok).toBe(true);
    expect(checkPassword('ABCDEF12a').ok).toBe(true);
  });
  it('refuses short passwords and passwords with fewer than three classes', () => {
    expect(checkPassword('Ab1!').ok).toBe(false);
    expect(checkPassword('abcdefgh1')).toEqual({ ok: false, message: expect.stringContaining('三类') });
    expect(checkPassword('ABCDEFGHIJ').ok).toBe(false);
  });
  it('counts character classes', () => {
    expect(passwordClasses('aA1!')).toBe(4);
    expect(passwordClasses('中文密码中文密码')).toBe(1);
  });
});
