import { INDUSTRIES, REGIONS, type Industry, type Region } from '@cjrh/domain';

// How the demo province is shaped. Counts are rough orders of magnitude for Hubei (Wuhan holds about a
// quarter of the technical schools and enterprises; 神农架 has almost none); industries follow each
// region's well-known clusters. Every region gets at least 2 schools and 2 key enterprises because the
// demo accounts school-<code>-01/02 and enterprise-<code>-01/02 need them.

interface ProfileSpec {
  schools: number;
  enterprises: number;
  /** Industry names or aliases as in the dictionary, main cluster first; missing ones are skipped. */
  industries: string[];
  /** Local specialities used in enterprise names, keyed by the industry name given above. */
  words?: Record<string, string[]>;
}

const SPECS: Record<string, ProfileSpec> = {
  '420100': {
    schools: 40,
    enterprises: 330,
    industries: [
      '光电子信息',
      '汽车制造',
      '生物医药',
      '高端装备',
      '现代物流',
      '软件和信息技术服务业',
      '北斗',
      '人工智能',
      '商贸服务业',
    ],
    words: { 光电子信息: ['光通信', '光电', '激光', '存储芯片', '显示面板'] },
  },
  '420200': {
    schools: 7,
    enterprises: 60,
    industries: ['低碳冶金', '先进材料', '高端装备', '绿色建材', '光电子信息'],
    words: { 光电子信息: ['电路板', '电子元件'] },
  },
  '420300': {
    schools: 9,
    enterprises: 75,
    industries: ['汽车制造', '高端装备', '文化和旅游业'],
    words: { 汽车制造: ['商用车', '车桥', '汽车零部件', '发动机部件'] },
  },
  '420500': {
    schools: 11,
    enterprises: 95,
    industries: ['现代化工', '新材料', '先进材料', '文化和旅游业', '生物医药'],
    words: { 现代化工: ['磷化工', '精细化工', '化工新材料'] },
  },
  '420600': {
    schools: 12,
    enterprises: 100,
    industries: ['汽车制造', '高端装备', '农产品加工', '新能源'],
    words: { 汽车制造: ['汽车零部件', '新能源汽车部件', '轴承'] },
  },
  '420700': {
    schools: 4,
    enterprises: 35,
    industries: ['现代物流', '低碳冶金', '生物医药'],
    words: { 现代物流: ['航空物流', '供应链', '冷链物流'] },
  },
  '420800': {
    schools: 7,
    enterprises: 55,
    industries: ['现代化工', '新能源', '高端装备', '农产品加工'],
    words: { 新能源: ['储能科技', '锂电材料', '新能源'] },
  },
  '420900': { schools: 9, enterprises: 75, industries: ['高端装备', '光电子信息', '农产品加工', '现代纺织'] },
  '421000': {
    schools: 11,
    enterprises: 80,
    industries: ['农产品加工', '现代纺织', '高端装备', '现代化工'],
    words: { 农产品加工: ['粮油', '水产食品', '食品'] },
  },
  '421100': {
    schools: 11,
    enterprises: 80,
    industries: ['生物医药', '绿色建材', '农产品加工', '康养'],
    words: { 生物医药: ['中药饮片', '制药', '医药'] },
  },
  '421200': {
    schools: 6,
    enterprises: 50,
    industries: ['康养', '文化和旅游业', '健康服务业', '先进材料'],
    words: { 文化和旅游业: ['温泉旅游', '文化旅游'] },
  },
  '421300': {
    schools: 5,
    enterprises: 40,
    industries: ['汽车制造', '农产品加工'],
    words: { 汽车制造: ['专用汽车', '改装车', '应急装备'], 农产品加工: ['香菇', '食品'] },
  },
  '422800': {
    schools: 7,
    enterprises: 45,
    industries: ['文化和旅游业', '农产品加工', '健康服务业'],
    words: { 农产品加工: ['茶业', '富硒食品', '茶叶'] },
  },
  '429004': {
    schools: 3,
    enterprises: 25,
    industries: ['现代纺织', '农产品加工', '大健康'],
    words: { 现代纺织: ['非织造布', '防护用品', '无纺布'] },
  },
  '429005': {
    schools: 3,
    enterprises: 25,
    industries: ['农产品加工', '现代化工'],
    words: { 农产品加工: ['小龙虾', '水产食品', '虾业'] },
  },
  '429006': {
    schools: 3,
    enterprises: 20,
    industries: ['现代纺织', '农产品加工', '生物医药'],
    words: { 现代纺织: ['服装', '服饰', '纺织'] },
  },
  '429021': {
    schools: 2,
    enterprises: 10,
    industries: ['文化和旅游业', '康养'],
    words: { 文化和旅游业: ['生态旅游', '旅游开发'] },
  },
};

export interface RegionProfile {
  region: Region;
  schools: number;
  enterprises: number;
  industries: Industry[];
  /** Industry code → local words for enterprise names. */
  words: Record<string, string[]>;
}

function findIndustry(nameOrAlias: string): Industry | undefined {
  return INDUSTRIES.find((i) => i.name === nameOrAlias) ?? INDUSTRIES.find((i) => i.aliases.includes(nameOrAlias));
}

/** Profiles for all 17 regions; the counts scaled by `scale` (at least 2 of each per region). */
export function regionProfiles(scale: number): RegionProfile[] {
  return REGIONS.map((region) => {
    const spec = SPECS[region.code];
    if (!spec) throw new Error(`demo data: no profile for region ${region.code}`);
    const industries: Industry[] = [];
    const words: Record<string, string[]> = {};
    for (const n of spec.industries) {
      const ind = findIndustry(n);
      if (!ind || industries.includes(ind)) continue;
      industries.push(ind);
      if (spec.words?.[n]) words[ind.code] = spec.words[n];
    }
    // A region whose names all went missing from the dictionary still needs some industry.
    if (industries.length === 0) industries.push(...INDUSTRIES.slice(0, 3));
    return {
      region,
      schools: Math.max(2, Math.round(spec.schools * scale)),
      enterprises: Math.max(2, Math.round(spec.enterprises * scale)),
      industries,
      words,
    };
  });
}

/** Specialties almost every technical school runs, whatever the local industry. */
export const GENERAL_SPECIALTIES = [
  '电子商务',
  '会计',
  '烹饪（中式烹调）',
  '计算机应用与维修',
  '汽车维修',
  '电气自动化设备安装与维修',
  '幼儿教育',
  '数控加工',
];
