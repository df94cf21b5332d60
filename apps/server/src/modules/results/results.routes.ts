import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseAdminList,
  caseAdminOut,
  caseCreateBody,
  casesQuery,
  caseUpdateBody,
  commendationAdminList,
  commendationAdminOut,
  commendationCreateBody,
  commendationsOut,
  demonstrationsOut,
  errorBody,
  idParam,
  publicCaseDetail,
  publicCaseList,
  resultsYearQuery,
  signingCeremonyOut,
  personalDataNote,
  personalDataWarnings,
} from '@cjrh/domain';

/** The author of a case is told about phones, e-mails and ID numbers in its public text (masked when published). */
const caseWarnings = (b: { summary?: string; body?: string }) =>
  personalDataWarnings({ 摘要: b.summary, 正文: b.body });
import type { Db } from '../../db/client';
import {
  createCase,
  createCommendation,
  getCase,
  listCases,
  unpublishCase,
  listCommendations,
  publishCase,
  publishCommendation,
  updateCase,
} from './editing.service';
import { demonstrations, publicCase, publicCases, publicCommendations, signingCeremony } from './results.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['results'];
const unpublishBody = z.strictObject({
  reason: z.string().trim().min(2, '请填写撤回原因').max(500, '撤回原因最多 500 字'),
});

/** 成果展示: public pages' data (no login) and the province's editing of cases and commendations. */
export const resultsRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/results/demonstrations',
      {
        schema: {
          tags,
          summary: '示范项目遴选结果与公示名单（公开）',
          querystring: resultsYearQuery,
          response: { 200: demonstrationsOut, 400: errorBody },
        },
      },
      (req) => demonstrations(db, req.query),
    );
    app.get(
      '/api/results/signing-ceremony',
      {
        schema: {
          tags,
          summary: '年末集中签约：重点项目协议（公开）',
          querystring: resultsYearQuery,
          response: { 200: signingCeremonyOut, 400: errorBody },
        },
      },
      (req) => signingCeremony(db, req.query),
    );
    app.get(
      '/api/results/commendations',
      {
        schema: {
          tags,
          summary: '通报表扬的学校和企业（公开）',
          querystring: resultsYearQuery,
          response: { 200: commendationsOut, 400: errorBody },
        },
      },
      (req) => publicCommendations(db, req.query),
    );
    app.get(
      '/api/results/cases',
      {
        schema: {
          tags,
          summary: '典型案例（公开）',
          querystring: casesQuery,
          response: { 200: publicCaseList, 400: errorBody },
        },
      },
      (req) => publicCases(db, req.query),
    );
    app.get(
      '/api/results/cases/:id',
      {
        schema: {
          tags,
          summary: '典型案例全文（公开）',
          params: idParam,
          response: { 200: publicCaseDetail, 400: errorBody, 404: errorBody },
        },
      },
      (req) => publicCase(db, req.params.id),
    );

    app.get(
      '/api/cases',
      {
        schema: {
          tags,
          summary: '典型案例（省厅，含草稿）',
          querystring: casesQuery,
          response: { 200: caseAdminList, ...errors },
        },
      },
      (req) => listCases(db, req.ctx, req.query),
    );
    app.post(
      '/api/cases',
      {
        schema: {
          tags,
          summary: '新建典型案例（省厅）',
          body: caseCreateBody,
          response: { 201: caseAdminOut.extend(personalDataNote), ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send({ ...(await createCase(db, req.ctx, req.body)), warnings: caseWarnings(req.body) }),
    );
    app.patch(
      '/api/cases/:id',
      {
        schema: {
          tags,
          summary: '修改典型案例（省厅）',
          params: idParam,
          body: caseUpdateBody,
          response: { 200: caseAdminOut.extend(personalDataNote), ...errors },
        },
      },
      async (req) => ({
        ...(await updateCase(db, req.ctx, req.params.id, req.body)),
        warnings: caseWarnings(req.body),
      }),
    );
    app.get(
      '/api/cases/:id',
      {
        schema: {
          tags,
          summary: '典型案例（省厅，含草稿）',
          params: idParam,
          response: { 200: caseAdminOut, ...errors },
        },
      },
      (req) => getCase(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/cases/:id/unpublish',
      {
        schema: {
          tags,
          summary: '撤回已发布的典型案例（省厅，须填原因）',
          params: idParam,
          body: unpublishBody,
          response: { 200: caseAdminOut, ...errors },
        },
      },
      (req) => unpublishCase(db, req.ctx, req.params.id, req.body.reason),
    );
    app.post(
      '/api/cases/:id/publish',
      {
        schema: { tags, summary: '发布典型案例（省厅）', params: idParam, response: { 200: caseAdminOut, ...errors } },
      },
      (req) => publishCase(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/commendations',
      {
        schema: {
          tags,
          summary: '通报表扬（省厅，含草稿）',
          querystring: resultsYearQuery,
          response: { 200: commendationAdminList, ...errors },
        },
      },
      (req) => listCommendations(db, req.ctx, req.query),
    );
    app.post(
      '/api/commendations',
      {
        schema: {
          tags,
          summary: '新建通报表扬（省厅）',
          body: commendationCreateBody,
          response: { 201: commendationAdminOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createCommendation(db, req.ctx, req.body)),
    );
    app.post(
      '/api/commendations/:id/publish',
      {
        schema: {
          tags,
          summary: '发布通报表扬（省厅）',
          params: idParam,
          response: { 200: commendationAdminOut, ...errors },
        },
      },
      (req) => publishCommendation(db, req.ctx, req.params.id),
    );
  };
