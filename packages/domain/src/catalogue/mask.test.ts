import { describe, expect, it } from 'vitest';
import { maskContact, maskEmail, maskName, maskPhone } from './index';

describe('masking', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName(' 李四 ')).toBe('李*');
    expect(maskName('𠮷田')).toBe('𠮷*');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
  });

  it('masks mobiles as 3 + **** + 4', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138 1234 1234')).toBe('138****1234');
    expect(maskPhone('+86 138-1234-1234')).toBe('138****1234');
    expect(maskPhone('１３８１２３４１２３４')).toBe('138****1234');
  });

  it('masks landlines keeping the area code, extension and last 4 digits', () => {
    expect(maskPhone('027-87654321')).toBe('027-****4321');
    expect(maskPhone('0710-3456789')).toBe('0710-***6789');
    expect(maskPhone('(027)87654321')).toBe('027-****4321');
    expect(maskPhone('02787654321')).toBe('027-****4321');
    expect(maskPhone('07103456789')).toBe('0710-***6789');
    expect(maskPhone('027-87654321-8001')).toBe('027-****4321-8001');
  });

  it('never leaks a whole number in an unexpected format', () => {
    expect(maskPhone('87654321')).toBe('****4321');
    expect(maskPhone('027-8765-4321')).toBe('***-****-4321');
    expect(maskPhone('')).toBe('');
  });

  it('masks e-mail addresses to the first character and the domain', () => {
    expect(maskEmail('zhangsan@qq.com')).toBe('z***@qq.com');
    expect(maskEmail('z@163.com')).toBe('z***@163.com');
    expect(maskEmail('not-an-email')).toBe('n***********');
  });

  it('masks a contact block but keeps the title', () => {
    expect(maskContact({ name: '张三丰', phone: '13812341234', title: '办公室主任' })).toEqual({ name: '张**', phone: '138****1234', title: '办公室主任' });
    expect(maskContact({ name: '李四', phone: null, title: null, email: 'lisi@whu.edu.cn' })).toEqual({ name: '李*', phone: null, title: null, email: 'l***@whu.edu.cn' });
  });
});
