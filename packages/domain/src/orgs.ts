// Organisation vocabulary shared by forms, screens and the server.
export const ORG_TYPES = ['school', 'enterprise'] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const ORG_TYPE_LABELS: Record<OrgType, string> = { school: '技工院校', enterprise: '企业' };

export const SCHOOL_TYPES = ['技师学院', '高级技工学校', '技工学校'] as const;
export const SCHOOL_OWNERSHIPS = ['公办', '民办', '企业（行业）办'] as const;
export const ENTERPRISE_OWNERSHIPS = ['国有', '民营', '外资', '合资', '其他'] as const;
export const ENTERPRISE_SIZES = ['大型', '中型', '小型', '微型'] as const;
/** 产教融合型企业 level; 'none' when the enterprise is not certified. */
export const INTEGRATION_LEVELS = ['national', 'provincial', 'none'] as const;
export const INTEGRATION_LEVEL_LABELS: Record<(typeof INTEGRATION_LEVELS)[number], string> = {
  national: '国家级',
  provincial: '省级',
  none: '否',
};

/** Demo records carry this mark in their names so they can never be mistaken for real ones. */
export const DEMO_MARK = '（示例）';
