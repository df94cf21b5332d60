import { eq, inArray, sql } from 'drizzle-orm';
import {
  regionByCode,
  trainingProblems,
  TRAINING_HOURS_MAX,
  TRAINING_HOURS_MIN,
  type FieldDef,
  type TrainingImportResult,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs, teacherTrainings } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { auditMany } from '../../lib/audit';
import { loadCodeLists } from '../forms/forms.repository';
import {
  asUpload,
  listDef,
  listTemplate,
  parseListRows,
  readListWorkbook,
  refuseList,
  type ListSheet,
} from '../excel/listWorkbook';

const TRAINING_APP = 'cjrh-teacher-trainings';
const SHEET = '师资培训';
const f = (key: string, label: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  label,
  type,
  scope: 'row',
  required: true,
  verification: 'V',
  ...extra,
});

/**
 * The columns of the 师资培训名单. 学校名称 is read as text and matched here (a bureau's own schools; another region's
 * school is named as such), while the template offers the bureau's schools as a dropdown.
 */
function sheetFor(schoolNames: string[] | null): ListSheet {
  const school: FieldDef = schoolNames?.length
    ? f('schoolName', '学校名称', 'enum', { options: schoolNames, example: schoolNames[0] })
    : f('schoolName', '学校名称', 'text', { maxLength: 100, example: '襄阳示例技师学院' });
  const fields = [
    school,
    f('teacherName', '教师姓名', 'text', { maxLength: 40, example: '张三' }),
    f('specialtyCode', '专业', 'specialty', {
      example: '数控加工',
      help: '教师任教或培训的专业，按专业目录名称或代码填写',
    }),
    f('startDate', '开始日期', 'date', { example: '2026-07-01' }),
    f('endDate', '结束日期', 'date', {
      example: '2026-07-20',
      help: '按结束日期所在年度计入“年度工学一体化教师培训人数”',
    }),
    f('hours', '培训学时', 'integer', { min: TRAINING_HOURS_MIN, max: TRAINING_HOURS_MAX, example: 80 }),
    f('provider', '培训机构', 'text', { maxLength: 100, example: '湖北省工学一体化师资培训基地' }),
  ];
  return {
    app: TRAINING_APP,
    version: '1',
    title: '师资培训名单',
    where: '师资培训 → 下载导入模板',
    def: listDef(SHEET, '工学一体化师资培训名单', fields, '1'),
    maxRows: 5000,
    errorFileName: '师资培训导入错误标注.xlsx',
  };
}
/** Parsing reads the school as text: the dropdown is a help, not the rule. */
const PARSE = sheetFor(null);

async function schoolsOf(db: Db, regionCode: string | null) {
  const list = await db
    .select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode })
    .from(orgs)
    .where(eq(orgs.type, 'school'));
  return { all: list, own: regionCode ? list.filter((s) => s.regionCode === regionCode) : list };
}

export async function trainingTemplate(db: Db, ctx: Ctx) {
  const actor = requireAccess(ctx, 'training.import');
  const region = actor.role === 'region' ? actor.regionCode : null;
  const { own } = await schoolsOf(db, region);
  // The province's template lists no schools (hundreds): it types names, checked on import like a bureau's.
  const buffer = await listTemplate(db, sheetFor(region ? own.map((s) => s.name).sort() : null));
  return {
    buffer,
    fileName: `${region ? (regionByCode(region)?.name ?? region) : '全省'}工学一体化师资培训导入模板.xlsx`,
  };
}

/**
 * 师资培训 import for a bureau's schools, all or nothing: every cell is judged (the one parser; then the school must
 * be one of the bureau's, the end not before the start, 1–2000 hours), and a file with any problem changes nothing and
 * lists each cell. An accepted file adds every row as a record of its school, audited in the same transaction.
 */
export async function importTrainings(db: Db, ctx: Ctx, body: unknown): Promise<TrainingImportResult> {
  const actor = requireAccess(ctx, 'training.import');
  const buf = asUpload(body);
  const { sheet, rows } = await readListWorkbook(buf, PARSE);
  const lists = await loadCodeLists(db);
  const own = actor.role === 'region' ? (actor.regionCode ?? '\0') : null;
  const { parsed, problems, bad } = parseListRows(rows, PARSE, lists);
  const { all } = await schoolsOf(db, own);
  const byName = new Map<string, typeof all>();
  for (const s of all) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const records: (typeof teacherTrainings.$inferInsert)[] = [];
  for (const p of parsed) {
    const v = p.values as {
      schoolName: string;
      teacherName: string;
      specialtyCode: string;
      startDate: string;
      endDate: string;
      hours: number;
      provider: string;
    };
    const named = byName.get(v.schoolName) ?? [];
    const school = own ? named.find((s) => s.regionCode === own) : named.length === 1 ? named[0] : undefined;
    const before = problems.length;
    if (!school) {
      const elsewhere = named[0];
      if (own && elsewhere)
        bad(
          p.row,
          'schoolName',
          `「${v.schoolName}」是${regionByCode(elsewhere.regionCode)?.name ?? elsewhere.regionCode}的学校，只能导入本市州（${regionByCode(own)?.name ?? own}）学校的培训记录`,
        );
      else if (named.length > 1)
        bad(p.row, 'schoolName', `有 ${named.length} 所学校名为「${v.schoolName}」，请由所在市州导入`);
      else bad(p.row, 'schoolName', `平台上没有名为「${v.schoolName}」的技工院校，请填写单位管理中登记的学校全称`);
    }
    for (const x of trainingProblems(v)) bad(p.row, x.field, x.message);
    if (problems.length > before || !school) continue;
    records.push({
      schoolOrgId: school.id,
      regionCode: school.regionCode,
      teacherName: v.teacherName,
      specialtyCode: v.specialtyCode,
      startDate: v.startDate,
      endDate: v.endDate,
      hours: v.hours,
      provider: v.provider,
      createdBy: actor.id,
    });
  }
  if (problems.length) await refuseList(buf, sheet, PARSE, lists, problems);
  if (!records.length)
    throw new AppError(
      400,
      'validation_failed',
      '文件中没有填写任何培训记录（示例行不导入），请在模板中逐行填写后再上传',
    );
  const made = await db.transaction(async (tx) => {
    // A record already there (the same file twice, ten at once, or typed in on the page) is not added again: each
    // record's key takes the lock a single creation takes (trainings.service.ts), in one order so imports cannot
    // deadlock, and what is left is compared with the school's rows after the locks.
    const keys = [...new Set(records.map(lockKey))].sort();
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(k)) from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k order by k`,
    );
    const had = await tx
      .select()
      .from(teacherTrainings)
      .where(inArray(teacherTrainings.schoolOrgId, [...new Set(records.map((r) => r.schoolOrgId))]));
    const seen = new Set(had.map(sameKey));
    const fresh = records.filter((r) => !seen.has(sameKey(r)) && !!seen.add(sameKey(r)));
    const rows = [];
    for (let i = 0; i < fresh.length; i += 500)
      rows.push(
        ...(await tx
          .insert(teacherTrainings)
          .values(fresh.slice(i, i + 500))
          .returning()),
      );
    await auditMany(
      tx,
      ctx,
      rows.map((r) => ({
        action: 'training.create',
        entityType: 'teacher_training',
        entityId: r.id,
        regionCode: r.regionCode,
        after: {
          schoolOrgId: r.schoolOrgId,
          teacherName: r.teacherName,
          specialtyCode: r.specialtyCode,
          startDate: r.startDate,
          endDate: r.endDate,
          hours: r.hours,
          provider: r.provider,
          source: 'import',
        },
      })),
    );
    return rows.length;
  });
  const skipped = records.length - made;
  return {
    created: made,
    message: `导入完成：新增 ${made} 条师资培训记录${skipped ? `，${skipped} 条已登记过，未重复导入` : ''}`,
  };
}

type Key = Pick<
  typeof teacherTrainings.$inferInsert,
  'schoolOrgId' | 'teacherName' | 'specialtyCode' | 'startDate' | 'provider'
>;
const lockKey = (r: Key) => `teacher-training:${r.schoolOrgId}:${r.teacherName}:${r.startDate}`;
const sameKey = (r: Key) => JSON.stringify([r.schoolOrgId, r.teacherName, r.specialtyCode, r.startDate, r.provider]);
