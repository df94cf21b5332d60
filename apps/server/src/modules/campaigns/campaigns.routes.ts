import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  campaignCreateBody,
  campaignOut,
  campaignUpdateBody,
  errorBody,
  programmeOut,
  quotasBody,
  quotasOut,
  yearParam,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { createCampaign, getCampaign, getQuotas, listCampaigns, saveQuotas, updateCampaign } from './campaigns.service';
import { quotaExcelRoutes } from './quotaExcel.routes';
import { programme } from './programme';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const campaignRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/campaigns',
      {
        schema: {
          tags: ['campaigns'],
          summary: '年度专项行动列表',
          response: { 200: z.object({ items: z.array(campaignOut) }), ...errors },
        },
      },
      async (req) => ({
        items: await listCampaigns(db, req.ctx),
      }),
    );
    app.get(
      '/api/campaigns/programme',
      {
        schema: {
          tags: ['campaigns'],
          summary: '三年总览：各项目标的完成时限、逐年目标值与年末数值（省厅全省或某市州；市州本地区）',
          querystring: z.object({
            region: z
              .string()
              .regex(/^\d{6}$/, '地区代码应为 6 位数字')
              .optional(),
          }),
          response: { 200: programmeOut, ...errors },
        },
      },
      (req) => programme(db, req.ctx, req.query),
    );
    app.get(
      '/api/campaigns/:year',
      {
        schema: {
          tags: ['campaigns'],
          summary: '年度专项行动',
          params: yearParam,
          response: { 200: campaignOut, ...errors },
        },
      },
      (req) => getCampaign(db, req.ctx, req.params.year),
    );
    app.post(
      '/api/campaigns',
      {
        schema: {
          tags: ['campaigns'],
          summary: '开启年度专项行动（省厅）',
          body: campaignCreateBody,
          response: { 201: campaignOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createCampaign(db, req.ctx, req.body)),
    );
    app.patch(
      '/api/campaigns/:year',
      {
        schema: {
          tags: ['campaigns'],
          summary: '修改截止日期、目标（省厅）',
          params: yearParam,
          body: campaignUpdateBody,
          response: { 200: campaignOut, ...errors },
        },
      },
      (req) => updateCampaign(db, req.ctx, req.params.year, req.body),
    );
    app.get(
      '/api/campaigns/:year/quotas',
      {
        schema: {
          tags: ['campaigns'],
          summary: '附件3 任务分配',
          params: yearParam,
          response: { 200: quotasOut, ...errors },
        },
      },
      (req) => getQuotas(db, req.ctx, req.params.year),
    );
    app.put(
      '/api/campaigns/:year/quotas',
      {
        schema: {
          tags: ['campaigns'],
          summary: '保存任务分配（省厅）',
          params: yearParam,
          body: quotasBody.extend({
            provinceProjectTotal: z.number().int().min(0).optional(),
            provinceKeyEnterpriseTotal: z.number().int().min(0).optional(),
          }),
          response: { 200: quotasOut, ...errors },
        },
      },
      (req) => saveQuotas(db, req.ctx, req.params.year, req.body.quotas, req.body),
    );
    // 附件3 template and import: own plugin, so its .xlsx body parser stays out of the JSON routes above.
    await app.register(quotaExcelRoutes(db));
  };
