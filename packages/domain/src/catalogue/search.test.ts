import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_SORT_LABELS,
  CATALOGUE_SORTS,
  escapeLike,
  isCatalogueSort,
  itemTitle,
  normalizeQuery,
  QUERY_MAX_LENGTH,
  searchTerms,
} from './index';

describe('catalogue search helpers', () => {
  it('labels the three sorts', () => {
    expect(CATALOGUE_SORTS.map((s) => CATALOGUE_SORT_LABELS[s])).toEqual(['最新发布', '即将截止', '需求人数最多']);
    expect(isCatalogueSort('places')).toBe(true);
    expect(isCatalogueSort('price')).toBe(false);
  });

  it('normalises queries: width, spaces, length', () => {
    expect(normalizeQuery('  数控\u3000\u3000车工  ')).toBe('数控 车工');
    expect(normalizeQuery('ＣＮＣ　操作（高级）')).toBe('CNC 操作(高级)');
    expect(normalizeQuery('a\tb\nc')).toBe('a b c');
    expect(normalizeQuery(null)).toBe('');
    expect(Array.from(normalizeQuery('焊'.repeat(80))).length).toBe(QUERY_MAX_LENGTH);
  });

  it('keeps jieba tokens of ≥ 2 characters, in query order, dropping tokens that contain another term', () => {
    expect(searchTerms('襄阳 数控车工', ['襄阳', ' ', '数控', '车工', '数控车工'])).toEqual({
      query: '襄阳 数控车工',
      terms: ['襄阳', '数控', '车工'],
      patterns: ['%襄阳%', '%数控%', '%车工%'],
    });
    expect(searchTerms('的 焊工', ['的', ' ', '焊工']).terms).toEqual(['焊工']);
    expect(searchTerms('（）', ['（', '）']).terms).toEqual([]);
    expect(searchTerms('车', ['车']).terms).toEqual([]);
    expect(searchTerms('数控 车工', ['不在', '查询里']).terms).toEqual(['数控', '车工']);
  });

  it('falls back to space-separated parts without tokens, and caps the number of terms', () => {
    expect(searchTerms('护理  养老', []).terms).toEqual(['护理', '养老']);
    expect(searchTerms('aa bb cc dd ee ff gg', []).terms).toEqual(['aa', 'bb', 'cc', 'dd', 'ee']);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(searchTerms('100% 就业', ['100', '%', '就业']).patterns).toEqual(['%100%', '%就业%']);
    expect(searchTerms('50%以上', []).patterns).toEqual(['%50\\%以上%']);
  });

  it('titles a published line', () => {
    expect(itemTitle({ specialtyCode: '0102', needType: '订单（定向）班' })).toBe('数控加工 · 订单（定向）班');
    expect(
      itemTitle({ occupationCode: '6-18-01-01', postName: '数控车工', headcount: 12, needType: '毕业生就业' }),
    ).toBe('数控车工 12 人 · 毕业生就业');
    expect(itemTitle({ occupationCode: '6-18-01-01', postName: '', headcount: 0, needType: '教师企业实践' })).toBe(
      '车工 · 教师企业实践',
    );
    expect(itemTitle({ specialtyCode: '9999', needType: '其他' })).toBe('9999 · 其他');
  });
});
