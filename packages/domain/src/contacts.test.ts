import { describe, expect, it } from 'vitest';
import { checkEmail, checkPhone, emailField, phoneField } from './contacts';

describe('contacts', () => {
  it('accepts mainland mobiles and refuses the rest with a Chinese message', () => {
    expect(checkPhone('13912345678')).toBeNull();
    expect(checkPhone('19912345678')).toBeNull();
    expect(checkPhone('')).toBeNull();
    for (const bad of ['12912345678', '1391234567', '139123456789', '+8613912345678', '139-1234-5678'])
      expect(checkPhone(bad)).toMatch(/手机号/);
  });

  it('accepts ordinary e-mail addresses and refuses malformed ones', () => {
    expect(checkEmail('zhang.san@hbrs.gov.cn')).toBeNull();
    for (const bad of ['zhang', 'a@b', '@x.cn', 'a b@x.cn']) expect(checkEmail(bad)).toMatch(/邮箱/);
  });

  it('body fields trim, lower-case the e-mail and turn blanks into null', () => {
    expect(phoneField.parse(' 13912345678 ')).toBe('13912345678');
    expect(phoneField.parse('')).toBeNull();
    expect(emailField.parse(' Zhang@Example.COM ')).toBe('zhang@example.com');
    expect(emailField.parse(null)).toBeNull();
    expect(phoneField.safeParse('123').success).toBe(false);
  });
});
