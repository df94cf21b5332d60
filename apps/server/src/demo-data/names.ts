import { DEMO_MARK } from '@cjrh/domain';
import type { Rng } from './random';

// Every generated name starts with 示例· and ends with DEMO_MARK, so no demo record can pass for a real
// school or company, whatever words sit in between.
const PREFIX = '示例·';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for any scale we seed). */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail =
      rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest);
    return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
  }
  return String(n);
}

export interface RegionLike {
  code: string;
  name: string;
  shortName: string;
}

/** 恩施土家族苗族自治州 is too long for an org name; the usual short form is 恩施州. */
const placeName = (r: RegionLike) => (r.name.length > 5 ? r.shortName : r.name);

/** Ordinal names (第N) are generic and unique per region and type by construction. */
export function schoolName(region: RegionLike, schoolType: string, ordinal: number): string {
  return `${PREFIX}${placeName(region)}第${chineseNumber(ordinal)}${schoolType}${DEMO_MARK}`;
}

const BRAND_A = [
  '恒',
  '鑫',
  '华',
  '瑞',
  '博',
  '联',
  '创',
  '宏',
  '达',
  '汇',
  '腾',
  '润',
  '新',
  '嘉',
  '卓',
  '远',
  '盛',
  '金',
  '天',
  '楚',
  '荆',
  '江',
  '峰',
  '泰',
];
const BRAND_B = [
  '越',
  '信',
  '航',
  '源',
  '拓',
  '晟',
  '力',
  '锦',
  '元',
  '合',
  '安',
  '辰',
  '际',
  '诚',
  '智',
  '宇',
  '通',
  '和',
  '澜',
  '川',
  '驰',
  '启',
  '创',
  '森',
];
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '科技有限公司', '集团有限公司'];

/** Business words for an industry, matched on the industry's name and aliases. */
const TRADE_WORDS: [RegExp, string[]][] = [
  [/汽车|智能网联/, ['汽车零部件', '汽车电子', '专用汽车', '新能源汽车部件', '车桥']],
  [/北斗/, ['北斗导航', '卫星应用', '时空信息']],
  [/人工智能/, ['智能科技', '机器人', '人工智能']],
  [/光|芯|信息|电子|软件|数字|算力/, ['光电', '光通信', '芯片封测', '智能终端', '软件', '显示器件']],
  [/化工|能源|氢|储能|电池/, ['精细化工', '化工新材料', '新能源', '储能科技', '磷化工']],
  [/医药|健康|生命|医疗/, ['生物医药', '医疗器械', '制药', '中药饮片']],
  [/康养|养老/, ['康养服务', '健康管理', '养老服务']],
  [/农产品|食品|粮油|茶|农/, ['食品', '粮油', '农产品加工', '茶业', '水产食品']],
  [/装备|机械|制造|机器人|航空|船/, ['智造装备', '精密机械', '数控设备', '重工', '自动化设备']],
  [/冶金|钢|有色/, ['特钢', '冶金', '铜材', '金属制品']],
  [/材料/, ['新材料', '复合材料', '功能材料']],
  [/纺织|服装|服饰|非织造/, ['纺织', '服饰', '非织造布', '防护用品']],
  [/建材|建筑/, ['新型建材', '建材', '装配式建筑']],
  [/物流|交通|航运|港/, ['物流', '供应链', '冷链物流']],
  [/旅游|文旅|文化/, ['文化旅游', '旅游开发', '酒店管理']],
  [/环保|节能|绿色/, ['环保科技', '节能科技']],
  [/商贸|电子商务|金融|服务/, ['商贸', '电子商务', '服务外包']],
];

export function tradeWord(rng: Rng, industryText: string): string {
  for (const [re, words] of TRADE_WORDS) if (re.test(industryText)) return rng.pick(words);
  return rng.pick(['实业', '科技', '工贸']);
}

/** Picks brand syllables until the name is new; after many tries falls back to a running number so
 * even a large scale cannot loop forever. */
export function enterpriseName(rng: Rng, region: RegionLike, trade: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const brand = rng.pick(BRAND_A) + rng.pick(BRAND_B);
    const extra = attempt < 20 ? '' : chineseNumber(attempt - 19);
    const name = `${PREFIX}${region.shortName}${brand}${extra}${trade}${rng.pick(SUFFIXES)}${DEMO_MARK}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const ROADS = ['示例路', '示例大道', '示例街', '示例一路', '示例二路'];
export function address(rng: Rng, region: RegionLike): string {
  return `湖北省${region.name}${rng.pick(ROADS)} ${rng.int(1, 999)} 号${DEMO_MARK}`;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
/** 王示例-style: obviously not a real person. */
export const personName = (rng: Rng) => `${rng.pick(SURNAMES)}示例`;

export const SCHOOL_CONTACT_TITLES = ['校企合作办公室主任', '招生就业处处长', '教务处处长', '副院长'];
export const ENTERPRISE_CONTACT_TITLES = ['人力资源部经理', '培训中心主任', '综合管理部部长', '行政总监'];

/** 11-digit mainland mobile: 13x/15x/18x + 8 PRNG digits. */
export function mobile(rng: Rng): string {
  const head = rng.pick(['139', '138', '137', '135', '158', '187', '189']);
  return head + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
