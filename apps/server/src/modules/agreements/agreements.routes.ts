import { desc, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../excel/layout';
import { z } from 'zod';
import {
  agreementActionBody,
  agreementCreateBody,
  agreementFilingQuery,
  agreementHistoryOut,
  agreementList,
  agreementVerifyOut,
  agreementListQuery,
  agreementOut,
  agreementTemplateOut,
  agreementTemplateSchema,
  agreementUpdateBody,
  DEFAULT_AGREEMENT_TEMPLATE,
  errorBody,
  fileOut,
  idParam,
  okBody,
  partnerList,
  validateAgreementTemplate,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { agreementTemplates } from '../../db/schema/index';
import { requireAccess } from '../../http/access';
import { AppError } from '../../http/errors';
import { fileNameHeader } from '../../http/headers';
import { audit } from '../../lib/audit';
import { actOnAgreement } from './actions.service';
import { filingList, verifyAgreement } from './filing.service';
import { createAgreement, flagKey, updateAgreement, uploadScan } from './agreements.service';
import { deleteAgreement } from './deletion.service';
import { agreementHistory, downloadScan, getAgreement, listAgreements } from './queries.service';
import { agreementDocument, currentTemplate } from './word.service';
import { partnerQuery, searchPartners } from './partners.service';
import { SCAN_MAX_BYTES } from './document';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 413: errorBody };

export const agreementRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    // Scans arrive as the raw file; the type is decided from the bytes, not from this header.
    for (const type of ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream']) {
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: SCAN_MAX_BYTES + 2 * 1024 * 1024 },
        (_req, body, done) => done(null, body),
      );
    }
    app.get(
      '/api/agreements',
      {
        schema: {
          tags: ['agreements'],
          summary: '校企合作协议（按权限范围）',
          querystring: agreementListQuery,
          response: { 200: agreementList, ...errors },
        },
      },
      (req) => listAgreements(db, req.ctx, req.query),
    );
    app.post(
      '/api/agreements',
      {
        schema: {
          tags: ['agreements'],
          summary: '新建协议（可由已接受的对接意向生成）',
          body: agreementCreateBody,
          response: { 201: agreementOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createAgreement(db, req.ctx, req.body)),
    );
    app.get(
      '/api/agreements/partners',
      {
        schema: {
          tags: ['agreements'],
          summary: '查找合作单位（名称、统一社会信用代码、地区；每页最多 20 条，不含联系人）',
          querystring: partnerQuery,
          response: { 200: partnerList, ...errors },
        },
      },
      (req) => searchPartners(db, req.ctx, req.query),
    );
    app.get(
      '/api/agreements/filing',
      {
        schema: {
          tags: ['agreements'],
          summary: '协议备案：本地区（省厅：全省）已签署的协议，最新在前；可“退回”',
          querystring: agreementFilingQuery,
          response: { 200: agreementList, ...errors },
        },
      },
      (req) => filingList(db, req.ctx, req.query),
    );
    app.get(
      '/api/verify/:agreementNo',
      {
        schema: {
          tags: ['agreements'],
          summary: '协议验真（公开，无需登录）：各方名称与地区、期限、状态、签署与确认日期、文件指纹',
          params: z.object({ agreementNo: z.string().min(1).max(40) }),
          response: { 200: agreementVerifyOut, 404: errorBody },
        },
      },
      (req) => verifyAgreement(db, req.params.agreementNo),
    );
    app.get(
      '/api/agreements/:id',
      {
        schema: {
          tags: ['agreements'],
          summary: '协议详情',
          params: idParam,
          response: { 200: agreementOut, ...errors },
        },
      },
      (req) => getAgreement(db, req.ctx, req.params.id),
    );
    app.patch(
      '/api/agreements/:id',
      {
        schema: {
          tags: ['agreements'],
          summary: '修改协议草稿',
          params: idParam,
          body: agreementUpdateBody,
          response: { 200: agreementOut, ...errors },
        },
      },
      (req) => updateAgreement(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/agreements/:id',
      {
        schema: {
          tags: ['agreements'],
          summary: '删除协议草稿（已签订的协议只能终止）',
          params: idParam,
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteAgreement(db, req.ctx, req.params.id, req.query.version),
    );
    app.post(
      '/api/agreements/:id/actions',
      {
        schema: {
          tags: ['agreements'],
          summary:
            '签署（sign）、各方确认（confirm）、拒绝确认（decline，须填原因）、备案退回（return，市州/省厅，须填原因）、终止（terminate）',
          params: idParam,
          body: agreementActionBody,
          response: { 200: agreementOut, ...errors },
        },
      },
      (req) => actOnAgreement(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/agreements/:id/key',
      {
        schema: {
          tags: ['agreements'],
          summary: '标记重点项目（市州、省厅）',
          params: idParam,
          body: z.strictObject({ keyProject: z.boolean() }),
          response: { 200: agreementOut, ...errors },
        },
      },
      (req) => flagKey(db, req.ctx, req.params.id, req.body.keyProject),
    );
    app.get(
      '/api/agreements/:id/history',
      {
        schema: {
          tags: ['agreements'],
          summary: '协议记录',
          params: idParam,
          response: { 200: agreementHistoryOut, ...errors },
        },
      },
      (req) => agreementHistory(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/agreements/:id/document.docx',
      {
        schema: {
          tags: ['agreements'],
          summary: '协议 Word 文件（草稿按各方最新信息生成；各方确认后为封存的签署文本）',
          params: idParam,
          response: { 200: fileOut('docx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const doc = await agreementDocument(db, req.ctx, req.params.id);
        return reply
          .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', attachment(doc.fileName, 'agreement.docx'))
          .send(doc.content);
      },
    );
    app.post(
      '/api/agreements/:id/scan',
      {
        schema: {
          tags: ['agreements'],
          summary: '上传签字盖章扫描件（PDF/JPEG/PNG，10 MB 以内；原始文件作为请求体）',
          params: idParam,
          response: { 200: agreementOut, ...errors },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError(400, 'file_type', '请以文件内容作为请求体上传（PDF、JPEG 或 PNG）');
        const name = fileNameHeader(req.headers['x-file-name'], 'scan');
        return uploadScan(db, req.ctx, req.params.id, req.body, name);
      },
    );
    app.get(
      '/api/agreements/:id/scan',
      {
        schema: {
          tags: ['agreements'],
          summary: '下载扫描件',
          params: idParam,
          response: { 200: fileOut('PDF/JPEG/PNG 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const f = await downloadScan(db, req.ctx, req.params.id);
        return reply
          .type(f.mime)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
          .send(f.content);
      },
    );
    app.get(
      '/api/agreement-template',
      {
        schema: {
          tags: ['agreements'],
          summary: '协议模板',
          response: { 200: agreementTemplateOut, 401: errorBody },
        },
      },
      async (req) => {
        requireAccess(req.ctx, 'campaign.read');
        const t = await currentTemplate(db);
        return { template: t, isDefault: t === DEFAULT_AGREEMENT_TEMPLATE };
      },
    );
    app.put(
      '/api/agreement-template',
      {
        schema: {
          tags: ['agreements'],
          summary: '修改协议模板（省厅）',
          body: z.object({ template: z.unknown() }),
          response: { 200: z.object({ ok: z.literal(true) }), ...errors },
        },
      },
      async (req) => {
        const actor = requireAccess(req.ctx, 'campaign.manage');
        const v = validateAgreementTemplate(req.body.template);
        if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
        await db.transaction(async (tx) => {
          // Every save is a new template version; the same text as the current one is not (ten saves at once: one).
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext('agreement-template'))`);
          const body = agreementTemplateSchema.parse(v.data);
          const [last] = await tx
            .select({ body: agreementTemplates.body })
            .from(agreementTemplates)
            .orderBy(desc(agreementTemplates.id))
            .limit(1);
          if (last && JSON.stringify(last.body) === JSON.stringify(body)) return;
          await tx.insert(agreementTemplates).values({ name: v.data.title, body, createdBy: actor.id });
          await audit(tx, req.ctx, { action: 'agreement.template', entityType: 'agreement_template', after: v.data });
        });
        return { ok: true as const };
      },
    );
  };
