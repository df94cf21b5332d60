import { inArray, sql } from 'drizzle-orm';
import { DEMO_MARK, PROJECT_TYPE_LABELS, type ProjectType } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { cases, commendations } from '../db/schema/index';
import { bareName, shortEnterprise } from './projectData';
import { addDays, bjAt } from './projectDates';
import type { Rng } from './random';
import { regionShort } from './resultsSelection';

// What the results pages (成果展示) show besides the selection: the year's commended schools and enterprises (通报表扬)
// and the typical cases (典型案例) the province wrote about projects that did well. All text is synthetic and marked 示例.

interface Row {
  [k: string]: unknown;
}
const rowsOf = async <T>(tx: DbOrTx, q: ReturnType<typeof sql>) =>
  ((await tx.execute(q)) as unknown as { rows: T[] }).rows;

/** The organisations most engaged in signed agreements, one per region first, then the next best. */
async function mostEngaged(tx: DbOrTx, side: 'school' | 'enterprise', n: number) {
  const list = await rowsOf<{ id: number; name: string; region: string; agreements: number; projects: number }>(
    tx,
    sql`select o.id, o.name, o.region_code as region, count(distinct a.id)::int as agreements, count(distinct p.id)::int as projects
      from orgs o join agreement_parties ap on ap.org_id = o.id and ap.side = ${side}
      join agreements a on a.id = ap.agreement_id and a.status in ('signed', 'active', 'expired')
      left join projects p on p.agreement_id = a.id and p.deleted_at is null
      where o.is_demo group by o.id order by count(distinct a.id) desc, count(distinct p.id) desc, o.id`,
  );
  const out: typeof list = [];
  const regions = new Set<string>();
  for (const o of list) if (out.length < n && !regions.has(o.region)) (out.push(o), regions.add(o.region));
  for (const o of list) if (out.length < n && !out.includes(o)) out.push(o);
  return out.sort((a, b) => a.region.localeCompare(b.region) || a.id - b.id);
}

const SCHOOL_CITATIONS = [
  (name: string, a: number, p: number) =>
    `${name}主动对接区域重点产业，与 ${a} 家单位签订校企合作协议，共建合作项目 ${p} 个，订单培养、岗位实习与技能培训评价有机衔接，在专项行动中成效突出，予以通报表扬。${DEMO_MARK}`,
  (name: string, a: number, p: number) =>
    `${name}建立校企合作工作专班，签订合作协议 ${a} 份、实施共建项目 ${p} 个，进展报告按期报送、数据真实完整，为全省技工院校提供了可借鉴的经验，予以通报表扬。${DEMO_MARK}`,
];
const ENTERPRISE_CITATIONS = [
  (name: string, a: number, p: number) =>
    `${name}积极履行社会责任，与技工院校签订合作协议 ${a} 份，参与共建项目 ${p} 个，提供实习岗位和企业技能导师，实习学生留用比例较高，予以通报表扬。${DEMO_MARK}`,
  (name: string, a: number, p: number) =>
    `${name}深度参与专项行动，开放生产场景共建实训基地，参与合作项目 ${p} 个（协议 ${a} 份），在技能人才联合培养中发挥了示范作用，予以通报表扬。${DEMO_MARK}`,
];

/** Commendations of the year 2025: six schools and six enterprises, all published. */
export async function seedDemoCommendations(tx: DbOrTx, rng: Rng, today: string, province: number) {
  const publishedAt = bjAt(addDays(today, -60), 0.4);
  const rows: (typeof commendations.$inferInsert)[] = [];
  for (const o of await mostEngaged(tx, 'school', 6))
    rows.push({
      year: 2025,
      orgId: o.id,
      citation: rng.pick(SCHOOL_CITATIONS)(bareName(o.name), o.agreements, o.projects),
      status: 'published',
      publishedAt,
      createdBy: province,
    });
  for (const o of await mostEngaged(tx, 'enterprise', 6))
    rows.push({
      year: 2025,
      orgId: o.id,
      citation: rng.pick(ENTERPRISE_CITATIONS)(bareName(o.name), o.agreements, o.projects),
      status: 'published',
      publishedAt,
      createdBy: province,
    });
  return rows.length
    ? (await tx.insert(commendations).values(rows).returning({ id: commendations.id })).map((r) => r.id)
    : [];
}

interface CaseSubject {
  projectId: number;
  title: string;
  type: ProjectType;
  region: string;
  schoolId: number;
  school: string;
  enterpriseId: number | null;
  enterprise: string;
  start: string;
  students: number;
  employed: number;
  personTimes: number;
  reports: number;
}

/** Paragraphs of a case; the figures come from the project's own records. */
function caseText(s: CaseSubject, rng: Rng) {
  const school = bareName(s.school);
  const ent = shortEnterprise(s.enterprise);
  const label = PROJECT_TYPE_LABELS[s.type];
  const themes: Record<string, string> = {
    alliance: '联盟化办学打通“招生—培养—就业”链条',
    specialty: '专业群对接产业链，课程随岗位更新',
    base: '把实训课堂搬进生产一线',
    order_class: '订单培养实现“入学即入职”',
    training_eval: '“培训+评价”一体推进企业职工技能提升',
  };
  const theme = themes[s.type] ?? '校企协同育人见实效';
  const title = `${regionShort(s.region)}：${school}与${ent}${theme}${DEMO_MARK}`;
  const summary = `${school}与${ent}自 ${s.start.slice(0, 4)} 年 ${Number(s.start.slice(5, 7))} 月起合作开展${label}建设，按期报送进展报告 ${s.reports} 期，${s.students ? `累计安排岗位实习学生 ${s.students} 人、实习期满留用 ${s.employed} 人` : '校企共同制定培养方案并共建教学团队'}。${DEMO_MARK}`;
  const body = [
    `一、基本情况`,
    `${school}是${regionShort(s.region)}开展“产教融合·技能助跑”专项行动的骨干院校。${s.start.slice(0, 4)} 年，学校与${ent}签订校企合作协议，围绕“${bareName(s.title)}”开展${label}建设，双方明确了人员、场地、设备的投入和各自责任。`,
    `二、主要做法`,
    `（一）共定标准。校企双方对照企业岗位要求，共同修订人才培养方案和课程标准，将企业真实生产任务转化为教学项目${rng.chance(0.5) ? '，由企业技能导师与学校专业教师“双师”授课' : '，教学进度与企业生产节奏同步安排'}。`,
    `（二）共建共管。项目实行校企双负责人制，按期通过平台报送进展报告，已报送 ${s.reports} 期，市州人社局逐期审核，发现问题及时退回补充，做到数据可查、过程留痕。`,
    `（三）共享成果。${s.students ? `学生在企业完成岗位实习 ${s.students} 人次，实习期满被企业录用 ${s.employed} 人` : '企业优先录用项目培养的毕业生'}${s.personTimes ? `；面向企业职工开展技能培训评价 ${s.personTimes} 人次` : ''}，实现了学校育人、企业用人的双赢。`,
    `三、经验启示`,
    `一是合作要有协议、有项目、有台账，靠制度而不是靠感情维系；二是要把企业的真实需求作为专业建设的出发点；三是要用平台数据说话，让成效看得见、可核查。该项目的做法可在同类院校中复制推广。`,
    `（本文为平台演示用示例案例，单位与数据均为虚构。）`,
  ].join('\n\n');
  return { title, summary, body };
}

/** Four published cases about projects that did well (selected ones first) and one draft the province is still writing. */
export async function seedDemoCases(tx: DbOrTx, rng: Rng, today: string, province: number, preferred: number[]) {
  const subjects = await rowsOf<Row>(
    tx,
    sql`select p.id as "projectId", p.title, p.type, p.region_code as region, p.school_org_id as "schoolId", s.name as school, p.start_date::text as start,
        (select min(ap.org_id) from agreement_parties ap where ap.agreement_id = p.agreement_id and ap.side = 'enterprise') as "enterpriseId",
        (select count(*) from progress_reports r where r.project_id = p.id and r.state = 'accepted')::int as reports
      from projects p join orgs s on s.id = p.school_org_id
      where p.deleted_at is null and p.status in ('running', 'completed') and p.type in ('alliance', 'specialty', 'base', 'order_class', 'training_eval')
      order by p.id`,
  );
  const ranked = [
    ...subjects.filter((s) => preferred.includes(Number(s.projectId))),
    ...rng.shuffle(subjects.filter((s) => !preferred.includes(Number(s.projectId)) && Number(s.reports) >= 2)),
  ];
  const chosen: Row[] = [];
  for (const s of ranked)
    if (chosen.length < 5 && !chosen.some((c) => c.region === s.region || c.type === s.type)) chosen.push(s);
  for (const s of ranked) if (chosen.length < 5 && !chosen.includes(s)) chosen.push(s);
  const entIds = chosen.map((c) => Number(c.enterpriseId)).filter((x) => x > 0);
  const names = new Map(
    (
      await rowsOf<{ id: number; name: string }>(
        tx,
        sql`select id, name from orgs where id in (${sql.join(
          [0, ...entIds].map((i) => sql`${i}`),
          sql`, `,
        )})`,
      )
    ).map((o) => [Number(o.id), o.name]),
  );
  const figures = await rowsOf<{ school: number; ent: number; students: number; employed: number }>(
    tx,
    sql`select school_org_id as school, enterprise_org_id as ent, sum(students)::int as students, sum(coalesce(employed_after, 0))::int as employed from internships where state = 'confirmed' group by 1, 2`,
  );
  const trained = await rowsOf<{ id: number; n: number }>(
    tx,
    sql`select project_id as id, sum(coalesce((metrics->>'personTimes')::numeric, 0))::int as n from progress_reports where state = 'accepted' group by 1`,
  );
  const rows: (typeof cases.$inferInsert)[] = chosen.map((c, k) => {
    const entId = Number(c.enterpriseId) || null;
    const f = figures.find((x) => Number(x.school) === Number(c.schoolId) && Number(x.ent) === entId);
    const s: CaseSubject = {
      projectId: Number(c.projectId),
      title: String(c.title),
      type: c.type as ProjectType,
      region: String(c.region),
      schoolId: Number(c.schoolId),
      school: String(c.school),
      enterpriseId: entId,
      enterprise: (entId && names.get(entId)) || '合作企业',
      start: String(c.start),
      students: Number(f?.students ?? 0),
      employed: Number(f?.employed ?? 0),
      personTimes: Number(trained.find((t) => Number(t.id) === Number(c.projectId))?.n ?? 0),
      reports: Number(c.reports),
    };
    const text = caseText(s, rng);
    const draft = k === chosen.length - 1 && chosen.length > 1;
    const createdAt = bjAt(addDays(today, draft ? -5 : -90 + k * 18), 0.3);
    return {
      year: 2025,
      ...text,
      regionCode: s.region,
      orgIds: [s.schoolId, ...(entId ? [entId] : [])],
      projectId: s.projectId,
      status: draft ? 'draft' : 'published',
      publishedAt: draft ? null : bjAt(addDays(today, -84 + k * 18), 0.6),
      createdBy: province,
      createdAt,
    };
  });
  return rows.length ? (await tx.insert(cases).values(rows).returning({ id: cases.id })).map((r) => r.id) : [];
}

export async function deleteShowcase(tx: DbOrTx, ids: { cases?: number[]; commendations?: number[] }) {
  if (ids.cases?.length) await tx.delete(cases).where(inArray(cases.id, ids.cases));
  if (ids.commendations?.length) await tx.delete(commendations).where(inArray(commendations.id, ids.commendations));
}
