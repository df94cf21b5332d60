import { describe, expect, it } from 'vitest';
import { checkPassword, passwordClasses } from './password';

describe('password policy', () => {
  it('accepts three-class passwords of at least 10 characters', () => {
    expect(checkPassword('abcdef12!x').ok).toBe(true);
    expect(checkPassword('ABCDEF12ax').ok).toBe(true);
  });
  it('refuses short passwords (the 9-character demo password among them) and fewer than three classes', () => {
    expect(checkPassword('Demo@2025')).toEqual({ ok: false, message: '密码至少 10 位' });
    expect(checkPassword('Ab1!').ok).toBe(false);
    expect(checkPassword('abcdefgh12')).toEqual({ ok: false, message: expect.stringContaining('三类') });
    expect(checkPassword('ABCDEFGHIJ').ok).toBe(false);
  });
  it('refuses a password containing the username, in any case', () => {
    expect(checkPassword('Wuhan-Edu#2026', 'wuhan-edu')).toEqual({ ok: false, message: '密码不能包含用户名' });
    expect(checkPassword('Wuhan-Edu#2026', 'ab').ok).toBe(true);
  });
  it('counts character classes', () => {
    expect(passwordClasses('aA1!')).toBe(4);
    expect(passwordClasses('中文密码中文密码')).toBe(1);
  });
});
