import { describe, expect, it } from 'vitest';
import {
  hasPersonalData,
  maskContact,
  maskEmail,
  maskFreeText,
  maskName,
  maskPhone,
  personalDataIn,
  personalDataWarning,
  personalDataWarnings,
} from './index';

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
    expect(maskContact({ name: '张三丰', phone: '13812341234', title: '办公室主任' })).toEqual({
      name: '张**',
      phone: '138****1234',
      title: '办公室主任',
    });
    expect(maskContact({ name: '李四', phone: null, title: null, email: 'lisi@whu.edu.cn' })).toEqual({
      name: '李*',
      phone: null,
      title: null,
      email: 'l***@whu.edu.cn',
    });
  });
});

describe('personal data typed into free text', () => {
  it('masks mobiles, landlines, e-mails and ID numbers, and nothing else', () => {
    const text =
      '需要焊工 5 名，联系王老师 13812345678 或 027-87654321，简历发 wang.li@qq.com，身份证 42010619900101123X；统一社会信用代码 91420100MA4KXXXX1X，2026-11-30 前';
    const out = maskFreeText(text);
    expect(out).toBe(
      '需要焊工 5 名，联系王老师 138****5678 或 027-****4321，简历发 w***@qq.com，身份证 420***********123X；统一社会信用代码 91420100MA4KXXXX1X，2026-11-30 前',
    );
    expect(hasPersonalData(text)).toBe(true);
    expect(hasPersonalData('需要焊工 5 名，2026 年 12 月到岗')).toBe(false);
  });
  it('masks a mobile written with +86 and spaces', () => {
    expect(maskFreeText('电话 +86 138 1234 5678。')).toBe('电话 138****5678。');
  });
});

describe('personal data warnings for the author', () => {
  it('lists each ID number, e-mail and phone masked, an ID number never also as a phone', () => {
    expect(personalDataIn('身份证 420106199001011234，电话 027-87654321')).toEqual([
      { kind: 'idNumber', masked: '420***********1234' },
      { kind: 'landline', masked: '027-****4321' },
    ]);
    expect(personalDataWarning('具体需求', '请联系 13812341234')).toBe(
      '具体需求 中含有手机号 138****1234，发布时将被隐藏；如非必要请删除',
    );
    expect(personalDataWarning('具体需求', '招收数控车工 12 人')).toBeNull();
    expect(personalDataWarning('备注', '13800000001 13800000002 13800000003 13800000004')).toBe(
      '备注 中含有手机号 138****0001、手机号 138****0002、手机号 138****0003 等 4 处，发布时将被隐藏；如非必要请删除',
    );
    expect(personalDataWarnings({ 标题: '无', 摘要: 'a@b.cn' })).toEqual([
      '摘要 中含有邮箱 a***@b.cn，发布时将被隐藏；如非必要请删除',
    ]);
  });
});
