import { describe, it, expect } from 'vitest';
import {
  INDUSTRIES,
  INDUSTRY_GROUPS,
  INDUSTRY_GROUP_LABELS,
  industriesInGroup,
  industryByCode,
  industryByName,
} from './industries';

const names = (group: (typeof INDUSTRY_GROUPS)[number]) => industriesInGroup(group).map((i) => i.name);

describe('industries', () => {
  it('has unique IND-* codes and a contiguous sort order', () => {
    expect(new Set(INDUSTRIES.map((i) => i.code)).size).toBe(INDUSTRIES.length);
    for (const i of INDUSTRIES) expect(i.code).toMatch(/^IND-[A-Z]\d{1,2}$/);
    expect(INDUSTRIES.map((i) => i.sortOrder)).toEqual(INDUSTRIES.map((_, k) => k + 1));
  });

  it('labels every group in Chinese', () => {
    expect(Object.keys(INDUSTRY_GROUP_LABELS).sort()).toEqual([...INDUSTRY_GROUPS].sort());
    expect(INDUSTRY_GROUP_LABELS.pillar).toBe('万亿级支柱产业');
    expect(INDUSTRY_GROUP_LABELS.characteristic).toBe('千亿级特色产业集群');
  });

  it('holds the 5 trillion-level pillars of "51020"', () => {
    expect(names('pillar')).toEqual(['新一代信息技术', '汽车制造', '现代化工及能源', '大健康', '现代农产品加工']);
    expect(industryByCode('IND-T1')?.aliases).toContain('光芯屏端网');
  });

  it('marks the remembered advantage industries R, adds 北斗 and invents no characteristic cluster', () => {
    const known = industriesInGroup('advantage').filter((i) => i.code.startsWith('IND-A'));
    expect(known.map((i) => i.name)).toEqual(['高端装备', '先进材料', '节能环保', '现代纺织', '绿色建材', '低碳冶金']);
    for (const i of known) expect(i.verification).toBe('R');
    expect(industryByName('北斗')?.group).toBe('advantage');
    expect(industriesInGroup('characteristic')).toEqual([]);
  });

  it('maps the 2023 five advantage industries onto existing entries', () => {
    expect(industryByName('光电子信息')?.code).toBe('IND-T1');
    expect(industryByName('新能源与智能网联汽车')?.code).toBe('IND-T2');
    expect(industryByName('生命健康')?.code).toBe('IND-T4');
    expect(industryByName('高端装备')?.code).toBe('IND-A1');
  });

  it('holds the "555" services and the fields the 2025 notice names', () => {
    expect(names('service')).toHaveLength(10);
    expect(names('service')).toContain('家政服务业');
    for (const i of industriesInGroup('service')) expect(i.verification).toBe('V');
    expect(names('livelihood')).toEqual(['护理', '康养', '托育', '家政']);
    expect(names('emerging')).toEqual(['新能源', '新材料', '人工智能']);
  });

  it('is frozen seed data', () => {
    expect(Object.isFrozen(INDUSTRIES)).toBe(true);
    expect(() => (INDUSTRIES[0].aliases as string[]).push('x')).toThrow();
  });
});
