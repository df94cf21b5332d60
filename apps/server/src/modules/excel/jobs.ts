import { now as clockNow } from '../../lib/clock';
import { eq } from 'drizzle-orm';
import type { FormKind } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { importErrorFiles, importJobs } from '../../db/schema/index';
import { requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError, isDatabaseUnavailable } from '../../http/errors';
import { findCampaign } from '../campaigns/campaigns.service';
import { loadCodeLists } from '../forms/forms.repository';
import { assertCampaignWritable } from '../campaigns/writable';
import { resolveTemplate, type ResolvedTemplate } from './check';
import { RowCollector } from './collect';
import { buildErrorWorkbook } from './errorWorkbook';
import { planImport } from './importer';
import { colLetter } from './layout';
import { cellMerges, mergeNotices } from './merges';
import { streamSheetRows } from './reader';
import { checkUpload } from './safety';
import { writePlan } from './writer';
import { verifyInflatedSizes, ZipFormatError, type ZipEntry } from './zip';

export interface ImportRequest {
  kind: FormKind;
  skipBadRows: boolean;
  submit: boolean;
  fileName: string;
  /** Where an unexpected failure is logged (the route passes the app logger). */
  log?: (err: unknown, msg: string) => void;
}

const PROGRESS_EVERY = 500;
const PROGRESS_MIN_MS = 200;
const MAX_LISTED_ERRORS = 200;
export const HEARTBEAT_MS = 30_000;
// Jobs of this process; the routes' onClose waits for them so a shutdown does not cut a transaction in half.
const running = new Set<Promise<void>>();
export const runningImports = () => [...running];

/**
 * Everything that can be judged from the bytes alone happens here, in the request, and answers 4xx at once with
 * nothing written: size, type, encryption, macros, zip bombs, the template stamp and the headers. Then a job row is
 * created and the import runs in the background of this process; `done` settles when it has finished (the bench
 * awaits it, the route does not).
 */
export async function startImport(db: Db, ctx: Ctx, year: number, req: ImportRequest, body: unknown) {
  const actor = requireAccess(ctx, 'form.import');
  if (body === undefined || body === null) body = Buffer.alloc(0); // an empty upload is judged like any other file
  if (!Buffer.isBuffer(body))
    throw new AppError(
      415,
      'unsupported_media_type',
      '请直接上传 .xlsx 文件（Content-Type 为 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）',
    );
  if ((actor.role === 'school' || actor.role === 'enterprise') && actor.orgType !== req.kind)
    throw new AppError(403, 'forbidden', '只能导入本单位类型的需求表');
  if (req.submit && actor.role === 'province')
    throw new AppError(400, 'validation_failed', '省厅导入的数据不能代为提交，请取消“导入后提交”');
  const campaign = await findCampaign(db, year);
  assertCampaignWritable(campaign);
  const upload = checkUpload(body);
  const tpl = await resolveTemplate(db, body, upload, campaign, req.kind);
  const [job] = await db
    .insert(importJobs)
    .values({
      campaignId: campaign.id,
      kind: req.kind,
      actorId: actor.id,
      regionCode: actor.regionCode,
      orgId: actor.orgId,
      fileName: req.fileName,
      skipBadRows: req.skipBadRows ? 1 : 0,
      totalRows: tpl.estimatedRows,
    })
    .returning({ id: importJobs.id });
  // A snapshot of who asked: the request object is gone by the time the job writes its audit entries.
  const jobCtx: Ctx = { actor: { ...actor }, ip: ctx.ip, requestId: ctx.requestId };
  const done = runImport(db, jobCtx, actor, campaign, job.id, body, [...upload.entries.values()], tpl, req);
  running.add(done);
  void done.finally(() => running.delete(done));
  return { jobId: job.id, done };
}

async function setJob(db: Db, id: number, set: Partial<typeof importJobs.$inferInsert>) {
  await db.update(importJobs).set(set).where(eq(importJobs.id, id));
}

/** Never throws: every failure ends as a failed job with a Chinese message. */
async function runImport(
  db: Db,
  ctx: Ctx,
  actor: Actor,
  campaign: { id: number; year: number },
  jobId: number,
  buf: Buffer,
  entries: ZipEntry[],
  tpl: ResolvedTemplate,
  req: ImportRequest,
): Promise<void> {
  // Where a failure happened decides what the person is told: while reading it is their file, later it is us.
  let phase: 'setup' | 'read' | 'write' = 'setup';
  // Milliseconds per phase, kept in the result: where a slow import spent its time.
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t0);
    t0 = now;
  };
  // Alive while this process runs it: another process (or this one after a restart) fails it only when the heartbeat
  // stops (jobs/imports.ts), never while it runs.
  const beat = setInterval(() => void setJob(db, jobId, { heartbeatAt: clockNow() }).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  try {
    await setJob(db, jobId, { state: 'running', heartbeatAt: clockNow() });
    const { def, sheet } = tpl;
    const lists = await loadCodeLists(db);
    lap('setup');
    phase = 'read';
    await verifyInflatedSizes(buf, entries);
    lap('verify');
    const merges = await cellMerges(buf, sheet.path);
    const rows = new RowCollector(def, lists);
    let seen = 0;
    let lastProgress = 0;
    for await (const r of streamSheetRows(buf, sheet.path, merges)) {
      if (r.number === 1) continue;
      rows.add(r.number, r.cells);
      // Every ~500 rows, but not more than 5 times a second: on PGlite each UPDATE holds the only connection.
      if (++seen % PROGRESS_EVERY === 0 && performance.now() - lastProgress >= PROGRESS_MIN_MS) {
        lastProgress = performance.now();
        await setJob(db, jobId, { processedRows: seen, ...(seen > tpl.estimatedRows ? { totalRows: seen } : {}) });
      }
    }
    await setJob(db, jobId, { processedRows: seen, totalRows: seen });
    lap('read');
    if (rows.rowsRead === 0)
      throw new AppError(400, 'import_failed', '文件中没有可导入的数据行（第 2 行的示例不会导入），请在示例行下方填写');

    phase = 'write';
    const plan = await planImport(db, actor, campaign.id, def, lists, rows, req.submit);
    lap('plan');
    const problems = [...rows.problems, ...plan.problems].sort((a, b) => a.row - b.row || a.col - b.col);
    const badRows = new Set<number>(rows.orphanRows);
    for (const g of rows.groups.values()) if (plan.rejected.has(g.uscc)) for (const r of g.rows) badRows.add(r.row);
    const result = {
      orgs: rows.groups.size,
      rowsRead: rows.rowsRead,
      rowsImported: 0,
      rowsSkipped: badRows.size,
      created: 0,
      updated: 0,
      unchanged: 0,
      submitted: 0,
      errors: problems.slice(0, MAX_LISTED_ERRORS).map((p) => ({
        row: p.row,
        column: p.col ? colLetter(p.col) : '',
        field: p.col >= 2 ? (def.fields[p.col - 2]?.label ?? '') : '',
        message: p.message,
      })),
      errorCount: problems.length,
      /** Merged cells read as their value on every row they cover: said, so nobody wonders where a value came from. */
      notices: mergeNotices(merges),
      timings,
    };
    const errorFile = async () => {
      const notes = new Map<number, string>();
      const problemRows = new Set(problems.map((p) => p.row));
      for (const g of rows.groups.values()) {
        if (!plan.rejected.has(g.uscc)) continue;
        // Point at the rows that hold the organisation's errors, not at its first row: 「见第 3 行」 for an error on
        // row 7 sent people looking in the wrong place.
        const where = [...new Set([g.firstRow, ...g.rows.map((r) => r.row)])]
          .filter((n) => problemRows.has(n))
          .sort((a, b) => a - b);
        const shownRows = !where.length
          ? String(g.firstRow)
          : where.length > 5
            ? `${where.slice(0, 5).join('、')} 等`
            : where.join('、');
        for (const r of g.rows) notes.set(r.row, `本单位第 ${shownRows} 行有错误，其全部数据行均未导入`);
      }
      for (const r of rows.orphanRows) notes.set(r, '无法识别所属单位，未导入');
      const file = await buildErrorWorkbook(
        buf,
        sheet.path,
        def,
        lists,
        { kind: def.kind, version: def.version, campaignYear: campaign.year },
        problems,
        notes,
      );
      await db
        .insert(importErrorFiles)
        .values({ jobId, content: file.toString('base64') })
        .onConflictDoNothing();
    };

    if (problems.length && !req.skipBadRows) {
      await errorFile();
      lap('errorFile');
      await setJob(db, jobId, {
        state: 'failed',
        result: { ...result, rowsSkipped: rows.rowsRead },
        message: `第 ${problems[0].row} 行等 ${problems.length} 处错误，未导入任何数据。请下载标注了错误的工作簿，修改红色单元格后重新导入`,
        finishedAt: clockNow(),
      });
      return;
    }
    const counts = await writePlan(db, ctx, actor, campaign.id, def, plan.items, jobId);
    Object.assign(result, counts, { rowsImported: plan.items.reduce((n, it) => n + it.group.rows.length, 0) });
    lap('write');
    let fileNote = '';
    if (problems.length) {
      // The data is committed by now: a failure here must not turn the job into "nothing imported".
      try {
        await errorFile();
        lap('errorFile');
      } catch (e) {
        (req.log ?? console.error)(e, `import job ${jobId}: error workbook failed`);
        fileNote = '（错误工作簿生成失败，请参照下方错误列表修改）';
      }
    }
    const summary = `导入完成：新建 ${counts.created} 份、更新 ${counts.updated} 份、内容未变 ${counts.unchanged} 份${counts.submitted ? `，已提交 ${counts.submitted} 份` : ''}`;
    const skipped = problems.length
      ? `；${badRows.size} 行因错误未导入（共 ${problems.length} 处错误，详见错误工作簿）${fileNote}`
      : '';
    await setJob(db, jobId, { state: 'done', result, message: summary + skipped, finishedAt: clockNow() });
  } catch (e) {
    const message =
      e instanceof AppError
        ? e.message
        : e instanceof ZipFormatError
          ? `文件已损坏，无法读取（${e.message}）`
          : isDatabaseUnavailable(e)
            ? '导入中断：数据库暂时无法连接，未导入任何数据，请稍后重新上传'
            : phase === 'read'
              ? '文件内容无法解析，请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传'
              : '导入失败：系统内部错误，未导入任何数据，请稍后重试或联系管理员';
    if (!(e instanceof AppError) && !(e instanceof ZipFormatError))
      (req.log ?? console.error)(e, `import job ${jobId} failed (${phase})`);
    // During an outage this write fails too; the heartbeat stops with this function, so the watchdog job fails the
    // import with the same kind of message once the database is back (never 「进行中」 forever).
    await setJob(db, jobId, { state: 'failed', message, finishedAt: clockNow() }).catch(() => {});
  } finally {
    clearInterval(beat);
  }
}

function jobOut(j: typeof importJobs.$inferSelect, hasErrorFile: boolean) {
  return {
    id: j.id,
    kind: j.kind,
    fileName: j.fileName,
    state: j.state,
    totalRows: j.totalRows,
    processedRows: j.processedRows,
    result: j.result,
    message: j.message,
    hasErrorFile,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** A job is visible to whoever started it and to the province; to anybody else it does not exist. */
async function loadJob(db: Db, ctx: Ctx, id: number) {
  const actor = requireAccess(ctx, 'form.import');
  const [j] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  if (!j || (j.actorId !== actor.id && actor.role !== 'province'))
    throw new AppError(404, 'not_found', '导入任务不存在或无权查看');
  return j;
}

export async function getImportJob(db: Db, ctx: Ctx, id: number) {
  const j = await loadJob(db, ctx, id);
  const [f] = await db
    .select({ jobId: importErrorFiles.jobId })
    .from(importErrorFiles)
    .where(eq(importErrorFiles.jobId, id));
  return jobOut(j, !!f);
}

export async function getErrorFile(db: Db, ctx: Ctx, id: number) {
  const j = await loadJob(db, ctx, id);
  const [f] = await db.select().from(importErrorFiles).where(eq(importErrorFiles.jobId, id));
  if (!f) throw new AppError(404, 'not_found', '该导入任务没有错误工作簿');
  return { buffer: Buffer.from(f.content, 'base64'), fileName: `错误标注-${j.fileName.replace(/\.xlsx$/i, '')}.xlsx` };
}
