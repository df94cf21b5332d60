import { sql } from 'drizzle-orm';
import { maskFreeText, maskName, maskPhone, regionByCode } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { latestPublicationIds } from './publish.service';

// Open data is for everybody, so contacts are always masked here, whoever downloads it.
async function openRows(db: Db, year?: number) {
  let ids = await latestPublicationIds(db);
  if (year) ids = (await latestPublicationIds(db, ((await db.execute(sql`select id from campaigns where year = ${year}`)) as unknown as { rows: { id: number }[] }).rows[0]?.id ?? -1));
  if (!ids.length) return [];
  const res = (await db.execute(
    sql`select i.id, c.year, p.version, i.org_type, i.org_name, i.region_code, i.title, i.need_type, i.specialty_code, i.occupation_code, i.industry_codes,
               i.skill_level, i.places, to_char(i.available_from,'YYYY-MM-DD') as available_from, to_char(i.expires_on,'YYYY-MM-DD') as expires_on, i.detail, i.contact_name, i.contact_phone
        from published_items i join publications p on p.id = i.publication_id join campaigns c on c.id = i.campaign_id
        where i.publication_id in (${sql.join(ids.map((x) => sql`${x}`), sql`, `)}) and i.status = 'public' order by i.region_code, i.id`,
  )) as unknown as { rows: Record<string, unknown>[] };
  return res.rows.map((r) => ({
    id: r.id,
    year: r.year,
    version: r.version,
    orgType: r.org_type === 'school' ? '技工院校' : '企业',
    orgName: r.org_name,
    region: regionByCode(String(r.region_code))?.name ?? r.region_code,
    title: r.title,
    needType: r.need_type,
    specialtyCode: r.specialty_code,
    occupationCode: r.occupation_code,
    industryCodes: r.industry_codes,
    skillLevel: r.skill_level,
    places: r.places,
    availableFrom: r.available_from,
    expiresOn: r.expires_on,
    // Phone numbers, e-mails and ID numbers typed into 具体需求 are personal data too.
    detail: maskFreeText(String(r.detail ?? '')),
    contactName: maskName(String(r.contact_name ?? '')),
    contactPhone: maskPhone(String(r.contact_phone ?? '')),
  }));
}

export async function openDataJson(db: Db, year?: number) {
  const items = await openRows(db, year);
  return { licence: '开放数据：湖北省“产教融合·技能助跑”专项行动需求信息（联系人已脱敏）', count: items.length, items };
}

const CSV_COLUMNS: [string, string][] = [
  ['id', '编号'], ['year', '年度'], ['version', '发布版本'], ['orgType', '单位类型'], ['orgName', '单位名称'], ['region', '地区'], ['title', '需求'],
  ['needType', '合作类型'], ['specialtyCode', '专业代码'], ['occupationCode', '职业代码'], ['industryCodes', '产业'], ['skillLevel', '技能等级'],
  ['places', '人数'], ['availableFrom', '可开始时间'], ['expiresOn', '有效期至'], ['detail', '具体需求'], ['contactName', '联系人'], ['contactPhone', '联系电话'],
];

const cell = (v: unknown) => {
  const s = Array.isArray(v) ? v.join('、') : v == null ? '' : String(v);
  // Quote everything; neutralise leading = + - @ so spreadsheet programs never run it as a formula.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export async function openDataCsv(db: Db, year?: number) {
  const items = await openRows(db, year);
  const lines = [CSV_COLUMNS.map(([, h]) => cell(h)).join(','), ...items.map((r) => CSV_COLUMNS.map(([k]) => cell((r as Record<string, unknown>)[k])).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n'; // BOM so Excel opens the UTF-8 correctly
}
