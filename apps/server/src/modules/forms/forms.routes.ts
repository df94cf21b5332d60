import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  batchBody,
  batchOut,
  completenessOut,
  errorBody,
  formActionBody,
  formDefinitionOut,
  formDesignOut,
  formDetail,
  formDiffOut,
  formHistoryOut,
  formKindParam,
  formList,
  formListQuery,
  formSaveBody,
  idParam,
  yearParam,
  type FormData as DemandData,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireAccess } from '../../http/access';
import { completeness, runDeadlineReminders } from './completeness.service';
import { getForm, listFormsFor, myForm, saveForm, startMyForm } from './forms.service';
import { acceptBatch, actOnForm, formDiff, formHistory, listBatches, submitBatch } from './review.service';
import { findCampaign } from '../campaigns/campaigns.service';
import { campaignDefinition } from './definitions.repository';
import { getDesign, saveDesign } from './designer.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const formRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/campaigns/:year/forms/:kind/definition',
      {
        schema: {
          tags: ['forms'],
          summary: '表单定义（字段、类型、说明）',
          params: formKindParam,
          response: { 200: formDefinitionOut, ...errors },
        },
      },
      async (req) => {
        requireAccess(req.ctx, 'campaign.read');
        return campaignDefinition(db, await findCampaign(db, req.params.year), req.params.kind);
      },
    );
    app.get(
      '/api/campaigns/:year/forms/:kind/design',
      {
        schema: {
          tags: ['forms'],
          summary: '表单设计：定义、能否修改',
          params: formKindParam,
          response: { 200: formDesignOut, ...errors },
        },
      },
      (req) => getDesign(db, req.ctx, req.params.year, req.params.kind),
    );
    app.put(
      '/api/campaigns/:year/forms/:kind/design',
      {
        schema: {
          tags: ['forms'],
          summary: '表单设计：保存草稿年度的表单（省厅）',
          params: formKindParam,
          body: z.strictObject({
            rev: z.number().int().min(0),
            title: z.string().trim().min(1).max(100).optional(),
            sheetName: z.string().trim().min(1).max(31).optional(),
            fields: z.array(z.record(z.string(), z.unknown())).min(1).max(200),
          }),
          response: { 200: formDesignOut, ...errors },
        },
      },
      (req) => saveDesign(db, req.ctx, req.params.year, req.params.kind, req.body as Parameters<typeof saveDesign>[4]),
    );
    // Reads never write: GET only reads; opening the page POSTs, which makes and prefills the form the first time.
    app.get(
      '/api/campaigns/:year/my-form',
      {
        schema: {
          tags: ['forms'],
          summary: '本单位的需求信息征集表（未开始填写时 404 form_not_started）',
          params: yearParam,
          response: { 200: formDetail, ...errors },
        },
      },
      (req) => myForm(db, req.ctx, req.params.year),
    );
    app.post(
      '/api/campaigns/:year/my-form',
      {
        schema: {
          tags: ['forms'],
          summary: '开始填写本单位的需求表（首次创建并预填，已有则返回同一张）',
          params: yearParam,
          response: { 200: formDetail, ...errors },
        },
      },
      (req) => startMyForm(db, req.ctx, req.params.year),
    );
    app.get(
      '/api/campaigns/:year/forms',
      {
        schema: {
          tags: ['forms'],
          summary: '表单列表（按权限范围）',
          params: yearParam,
          querystring: formListQuery,
          response: { 200: formList, ...errors },
        },
      },
      (req) => listFormsFor(db, req.ctx, req.params.year, req.query),
    );
    app.get(
      '/api/forms/:id',
      {
        schema: {
          tags: ['forms'],
          summary: '表单详情（含可执行操作、校验提示）',
          params: idParam,
          response: { 200: formDetail, ...errors },
        },
      },
      (req) => getForm(db, req.ctx, req.params.id),
    );
    app.put(
      '/api/forms/:id',
      {
        schema: {
          tags: ['forms'],
          summary: '保存草稿',
          params: idParam,
          body: formSaveBody,
          response: { 200: formDetail, ...errors },
        },
      },
      (req) => saveForm(db, req.ctx, req.params.id, req.body as { version: number; data: DemandData }),
    );
    app.post(
      '/api/forms/:id/actions',
      {
        schema: {
          tags: ['forms'],
          summary: '提交、审核通过、退回、接收、重新打开',
          params: idParam,
          body: formActionBody,
          response: { 200: formDetail, ...errors },
        },
      },
      (req) => actOnForm(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/forms/:id/diff',
      {
        schema: {
          tags: ['forms'],
          summary: '与退回版本的逐项比较',
          params: idParam,
          response: { 200: formDiffOut, ...errors },
        },
      },
      (req) => formDiff(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/forms/:id/history',
      {
        schema: { tags: ['forms'], summary: '流转记录', params: idParam, response: { 200: formHistoryOut, ...errors } },
      },
      (req) => formHistory(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/campaigns/:year/batches',
      {
        schema: {
          tags: ['forms'],
          summary: '报送批次',
          params: yearParam,
          response: { 200: z.object({ items: z.array(batchOut) }), ...errors },
        },
      },
      (req) => listBatches(db, req.ctx, req.params.year),
    );
    app.post(
      '/api/campaigns/:year/batches',
      {
        schema: {
          tags: ['forms'],
          summary: '报送省厅（市州）',
          params: yearParam,
          body: batchBody,
          response: { 201: batchOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await submitBatch(db, req.ctx, req.params.year, req.body)),
    );
    app.post(
      '/api/batches/:id/accept',
      {
        schema: {
          tags: ['forms'],
          summary: '整批接收（省厅）',
          params: idParam,
          response: { 200: batchOut, ...errors },
        },
      },
      (req) => acceptBatch(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/campaigns/:year/completeness',
      {
        schema: {
          tags: ['forms'],
          summary: '填报进度（应填、未填、草稿、已提交、退回、已审核、逾期）与卡点清单',
          params: yearParam,
          querystring: z.object({
            region: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
            onDate: z.iso.date().optional(),
          }),
          response: {
            200: completenessOut,
            ...errors,
          },
        },
      },
      (req) => completeness(db, req.ctx, req.params.year, req.query),
    );
    app.post(
      '/api/campaigns/:year/reminders/run',
      {
        schema: {
          tags: ['forms'],
          summary: '立即发送截止提醒（省厅）',
          params: yearParam,
          response: { 200: z.object({ sent: z.number() }), ...errors },
        },
      },
      async (req) => {
        requireAccess(req.ctx, 'campaign.manage');
        return { sent: await runDeadlineReminders(db, undefined, req.params.year) };
      },
    );
  };
