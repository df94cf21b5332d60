import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DEFAULT_REPORT_FREQUENCY,
  errorBody,
  idParam,
  internshipListOut,
  internshipOut,
  pageQuery,
  PROJECT_TYPES,
  projectActionBody,
  projectCreateBody,
  projectDeleteQuery,
  projectList,
  projectListQuery,
  projectMoveBody,
  projectOut,
  projectUpdateBody,
  quotaTableOut,
  REPORT_FREQUENCIES,
  reportHistoryOut,
  reportListOut,
  reportOut,
  reportsOut,
  yearParam,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { projectTypeSettings } from '../../db/schema/index';
import { requireAccess, requireActor } from '../../http/access';
import { audit } from '../../lib/audit';
import { createInternship, decideInternship, listInternships, updateInternship } from './internships.service';
import { moveProject } from './move.service';
import { actOnProject, createProject, deleteProject, updateProject } from './projects.service';
import { getProject, listProjects } from './queries.service';
import { quotaTable } from './quota.service';
import { actOnReport, listReports, projectReports, reportHistory, saveReport } from './reports.service';
import { now } from '../../lib/clock';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');
const internshipBody = z.strictObject({
  schoolOrgId: z.number().int().positive(),
  enterpriseOrgId: z.number().int().positive(),
  agreementId: z.number().int().positive().nullable().optional(),
  specialtyCode: z.string().min(1).max(16),
  students: z.number().int().min(1, '实习学生数至少 1 人').max(100_000),
  startDate: isoDate,
  endDate: isoDate,
  paid: z.boolean(),
  payPerMonth: z.number().int().min(0, '不能为负数').max(100_000).default(0),
  insured: z.boolean(),
  safetyTrained: z.boolean(),
  employedAfter: z.number().int().min(0).max(100_000).nullable().optional(),
});
// A patch sends only what changed: no defaults here, or an absent field would be reset (zod 4 applies defaults
// to optional fields).
const internshipPatchBody = z.strictObject({
  version: z.number().int().min(1),
  enterpriseOrgId: z.number().int().positive().optional(),
  agreementId: z.number().int().positive().nullable().optional(),
  specialtyCode: z.string().min(1).max(16).optional(),
  students: z.number().int().min(1, '实习学生数至少 1 人').max(100_000).optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  paid: z.boolean().optional(),
  payPerMonth: z.number().int().min(0, '不能为负数').max(100_000).optional(),
  insured: z.boolean().optional(),
  safetyTrained: z.boolean().optional(),
  employedAfter: z.number().int().min(0).max(100_000).nullable().optional(),
});
const internshipDecisionBody = z.strictObject({
  action: z.enum(['confirm', 'decline'], { message: '操作应为确认或退回' }),
  version: z.number().int().min(1),
  reason: z.string().trim().max(500, '原因不超过 500 字').optional(),
});

export const projectRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/projects',
      {
        schema: {
          tags: ['projects'],
          summary: '合作共建项目（按权限范围）',
          querystring: projectListQuery,
          response: { 200: projectList, ...errors },
        },
      },
      (req) => listProjects(db, req.ctx, req.query),
    );
    app.post(
      '/api/agreements/:id/projects',
      {
        schema: {
          tags: ['projects'],
          summary: '在协议下登记项目',
          params: idParam,
          body: projectCreateBody,
          response: { 201: projectOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createProject(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/api/projects/:id',
      {
        schema: { tags: ['projects'], summary: '项目详情', params: idParam, response: { 200: projectOut, ...errors } },
      },
      (req) => getProject(db, req.ctx, req.params.id),
    );
    app.patch(
      '/api/projects/:id',
      {
        schema: {
          tags: ['projects'],
          summary: '修改项目',
          params: idParam,
          body: projectUpdateBody,
          response: { 200: projectOut, ...errors },
        },
      },
      (req) => updateProject(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/projects/:id/actions',
      {
        schema: {
          tags: ['projects'],
          summary: '启动、完成、中止',
          params: idParam,
          body: projectActionBody,
          response: { 200: projectOut, ...errors },
        },
      },
      (req) => actOnProject(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/projects/:id/move',
      {
        schema: {
          tags: ['projects'],
          summary: '移到另一份协议（计数随之转移）',
          params: idParam,
          body: projectMoveBody,
          response: { 200: projectOut, ...errors },
        },
      },
      (req) => moveProject(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/projects/:id',
      {
        schema: {
          tags: ['projects'],
          summary: '删除项目（留痕；协议终止或到期后由所属地区人社部门或省厅填写原因删除）',
          params: idParam,
          querystring: projectDeleteQuery,
          response: { 200: z.object({ ok: z.literal(true) }), ...errors },
        },
      },
      async (req) => {
        await deleteProject(db, req.ctx, req.params.id, req.query);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/projects/:id/reports',
      {
        schema: {
          tags: ['projects'],
          summary: '进展报告（按期生成）',
          params: idParam,
          response: { 200: reportsOut, ...errors },
        },
      },
      (req) => projectReports(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/reports',
      {
        schema: {
          tags: ['projects'],
          summary: '进展报告（审核与催报）',
          querystring: z.object({
            state: z.string().max(20).optional(),
            overdue: z.enum(['true', 'false']).optional(),
            ...pageQuery,
          }),
          response: { 200: reportListOut, ...errors },
        },
      },
      (req) => listReports(db, req.ctx, { ...req.query, overdue: req.query.overdue === 'true' }),
    );
    app.put(
      '/api/reports/:id',
      {
        schema: {
          tags: ['projects'],
          summary: '填写进展报告',
          params: idParam,
          body: z.strictObject({
            version: z.number().int().min(1),
            metrics: z.record(z.string(), z.unknown()),
            note: z.string().trim().max(2000).optional(),
          }),
          response: { 200: reportOut, ...errors },
        },
      },
      (req) => saveReport(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/reports/:id/actions',
      {
        schema: {
          tags: ['projects'],
          summary: '提交、通过、退回',
          params: idParam,
          body: z.strictObject({
            action: z.enum(['submit', 'accept', 'return']),
            version: z.number().int().min(1),
            reason: z.string().trim().max(500).optional(),
          }),
          response: { 200: reportOut, ...errors },
        },
      },
      (req) => actOnReport(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/reports/:id/history',
      {
        schema: {
          tags: ['projects'],
          summary: '报告版本',
          params: idParam,
          response: { 200: reportHistoryOut, ...errors },
        },
      },
      (req) => reportHistory(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/internships',
      {
        schema: {
          tags: ['projects'],
          summary: '岗位实习（按批次，无学生个人信息）',
          querystring: z.object({
            state: z
              .enum(['pending', 'confirmed', 'declined'], { message: '状态应为 pending、confirmed 或 declined' })
              .optional(),
            ...pageQuery,
          }),
          response: { 200: internshipListOut, ...errors },
        },
      },
      (req) => listInternships(db, req.ctx, req.query),
    );
    app.post(
      '/api/internships',
      {
        schema: {
          tags: ['projects'],
          summary: '登记实习批次',
          body: internshipBody,
          response: { 201: internshipOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createInternship(db, req.ctx, req.body)),
    );
    app.patch(
      '/api/internships/:id',
      {
        schema: {
          tags: ['projects'],
          summary: '修改实习批次（如实习后就业人数）',
          params: idParam,
          body: internshipPatchBody,
          response: { 200: internshipOut, ...errors },
        },
      },
      (req) => updateInternship(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/internships/:id/actions',
      {
        schema: {
          tags: ['projects'],
          summary: '确认或退回对方登记的实习批次',
          params: idParam,
          body: internshipDecisionBody,
          response: { 200: internshipOut, ...errors },
        },
      },
      (req) => decideInternship(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/campaigns/:year/quota',
      {
        schema: {
          tags: ['projects'],
          summary: '合作共建项目征集任务完成情况（实时）',
          params: yearParam,
          response: { 200: quotaTableOut, ...errors },
        },
      },
      (req) => quotaTable(db, req.ctx, req.params.year),
    );
    app.get(
      '/api/project-settings',
      {
        schema: {
          tags: ['projects'],
          summary: '各类项目的进展报告频次',
          response: {
            200: z.object({ items: z.array(z.object({ type: z.string(), frequency: z.enum(REPORT_FREQUENCIES) })) }),
            401: errorBody,
          },
        },
      },
      async (req) => {
        requireActor(req.ctx);
        const rows = await db.select().from(projectTypeSettings);
        return {
          items: PROJECT_TYPES.map((t) => ({
            type: t,
            frequency: rows.find((r) => r.type === t)?.frequency ?? DEFAULT_REPORT_FREQUENCY[t],
          })),
        };
      },
    );
    app.put(
      '/api/project-settings',
      {
        schema: {
          tags: ['projects'],
          summary: '设置进展报告频次（省厅）',
          body: z.strictObject({
            items: z
              .array(z.strictObject({ type: z.enum(PROJECT_TYPES), frequency: z.enum(REPORT_FREQUENCIES) }))
              .min(1)
              .max(20),
          }),
          response: { 200: z.object({ ok: z.literal(true) }), ...errors },
        },
      },
      async (req) => {
        requireAccess(req.ctx, 'campaign.manage');
        await db.transaction(async (tx) => {
          // One save at a time; only what differs is written and recorded (the same save again: nothing, issue 16).
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext('project-settings'))`);
          const rows = await tx.select().from(projectTypeSettings);
          const current = (t: (typeof PROJECT_TYPES)[number]) =>
            rows.find((r) => r.type === t)?.frequency ?? DEFAULT_REPORT_FREQUENCY[t];
          const changed = req.body.items.filter((i) => current(i.type) !== i.frequency);
          if (!changed.length) return;
          for (const i of changed)
            await tx
              .insert(projectTypeSettings)
              .values(i)
              .onConflictDoUpdate({
                target: projectTypeSettings.type,
                set: { frequency: i.frequency, updatedAt: now() },
              });
          await audit(tx, req.ctx, {
            action: 'project.settings',
            entityType: 'project_settings',
            before: changed.map((i) => ({ type: i.type, frequency: current(i.type) })),
            after: changed,
          });
        });
        return { ok: true as const };
      },
    );
  };
