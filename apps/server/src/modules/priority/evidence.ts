import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { sqlRows } from '../../db/rows';

// The evidence of a priority-list entry, pulled from the records (三(四): 倾斜支持 for outstanding schools and
// enterprises): what each organisation has on file that counts, as of today. The list stores it as pulled when the
// entry was added, so a published list keeps the evidence it was decided on.

export interface OrgEvidence {
  orgId: number;
  name: string;
  type: 'school' | 'enterprise';
  regionCode: string;
  agreements: number;
  govAgreements: number;
  projects: number;
  trained: number;
  certificates: number;
  contests: number;
  isKey: boolean;
  integrationLevel: string;
  /** The latest frozen or published school assessment: total and rank in its 市州. */
  assessment: { year: number; total: number; rank: number; of: number } | null;
}

export async function evidenceOf(
  db: DbOrTx,
  q: { types: readonly string[]; orgIds?: number[]; search?: string; limit: number },
): Promise<OrgEvidence[]> {
  const types = sql.join(
    q.types.map((t) => sql`${t}`),
    sql`, `,
  );
  const ids = q.orgIds
    ? q.orgIds.length
      ? sql`and o.id in (${sql.join(
          q.orgIds.map((i) => sql`${i}`),
          sql`, `,
        )})`
      : sql`and false`
    : sql``;
  const search = q.search ? sql`and o.name ilike ${`%${q.search}%`}` : sql``;
  const res = await sqlRows<Record<string, unknown>>(
    db,
    sql`
    with a as (
      select p.org_id, count(*) filter (where ag.kind <> 'government') as se, count(*) filter (where ag.kind = 'government') as gov
      from agreement_parties p join agreements ag on ag.id = p.agreement_id where ag.status in ('signed','active','expired') group by p.org_id),
    pr as (
      select p.org_id, count(distinct x.id) as n from agreement_parties p join agreements ag on ag.id = p.agreement_id and ag.status in ('signed','active','expired','terminated')
      join projects x on x.agreement_id = ag.id and x.deleted_at is null and x.status in ('running','completed') group by p.org_id),
    t as (select org_id, sum(people) as people, sum(certificates) as certs from skill_trainings where state = 'approved' group by org_id),
    c as (select org_id, count(*) as n from skill_contests where state = 'approved' and org_id is not null group by org_id),
    sa as (
      select distinct on ((r->>'schoolOrgId')::int) (r->>'schoolOrgId')::int as org_id, s.year, (r->>'total')::numeric as total, (r->>'rank')::int as rank, jsonb_array_length(s.frozen_result->'rows') as of
      from school_assessments s cross join lateral jsonb_array_elements(s.frozen_result->'rows') r where s.status in ('frozen','published')
      order by (r->>'schoolOrgId')::int, s.year desc)
    select o.id, o.name, o.type, o.region_code, o.is_key, o.integration_level,
      coalesce(a.se, 0) as se, coalesce(a.gov, 0) as gov, coalesce(pr.n, 0) as projects, coalesce(t.people, 0) as trained, coalesce(t.certs, 0) as certs, coalesce(c.n, 0) as contests,
      sa.year as sa_year, sa.total as sa_total, sa.rank as sa_rank, sa.of as sa_of
    from orgs o left join a on a.org_id = o.id left join pr on pr.org_id = o.id left join t on t.org_id = o.id left join c on c.org_id = o.id left join sa on sa.org_id = o.id
    where o.type in (${types}) ${ids} ${search}
    order by coalesce(a.se, 0) + coalesce(pr.n, 0) * 2 + coalesce(c.n, 0) + coalesce(a.gov, 0) desc, coalesce(sa.total, 0) desc, o.id
    limit ${q.limit}`,
  );
  return res.map((r) => ({
    orgId: Number(r.id),
    name: String(r.name),
    type: r.type as 'school' | 'enterprise',
    regionCode: String(r.region_code),
    agreements: Number(r.se),
    govAgreements: Number(r.gov),
    projects: Number(r.projects),
    trained: Number(r.trained),
    certificates: Number(r.certs),
    contests: Number(r.contests),
    isKey: !!r.is_key,
    integrationLevel: String(r.integration_level ?? 'none'),
    assessment:
      r.sa_year == null
        ? null
        : { year: Number(r.sa_year), total: Number(r.sa_total), rank: Number(r.sa_rank), of: Number(r.sa_of) },
  }));
}

const LEVEL: Record<string, string> = { national: '国家级', provincial: '省级' };

/** The evidence as the list stores and shows it: label, value and where to check it. */
export function evidenceLines(e: OrgEvidence): { label: string; value: string; link?: string }[] {
  const lines: { label: string; value: string; link?: string }[] = [
    { label: '有效校企合作协议', value: `${e.agreements} 份`, link: `/agreements?q=${encodeURIComponent(e.name)}` },
    { label: '已启动合作项目', value: `${e.projects} 个`, link: '/projects' },
    { label: '补贴性培训与技能评价（审核通过）', value: `${e.trained} 人，取证 ${e.certificates} 人`, link: '/skills' },
    { label: '职业技能竞赛（审核通过）', value: `${e.contests} 场`, link: '/skills' },
  ];
  if (e.type === 'school') {
    lines.splice(1, 0, { label: '校地合作协议', value: `${e.govAgreements} 份`, link: '/agreements?kind=government' });
    lines.push({
      label: '学校考核',
      value: e.assessment
        ? `${e.assessment.year} 年度 ${e.assessment.total} 分，本市州第 ${e.assessment.rank}/${e.assessment.of} 名`
        : '暂无冻结的考核结果',
      link: '/school-assessment',
    });
  } else {
    lines.push({
      label: '企业身份',
      value:
        [e.isKey ? '重点企业' : '', LEVEL[e.integrationLevel] ? `${LEVEL[e.integrationLevel]}产教融合型企业` : '']
          .filter(Boolean)
          .join('、') || '—',
    });
  }
  return lines;
}
