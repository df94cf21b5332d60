import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  declarationBody,
  declarationOut,
  selectionYearQuery,
  errorBody,
  expertsBody,
  idParam,
  nominationCreateBody,
  nominationOut,
  noticeBody,
  objectionAccepted,
  objectionBody,
  objectionOut,
  resolveBody,
  roundCreateBody,
  roundDetail,
  roundList,
  roundOut,
  scoreBody,
  scoreOut,
  personalDataNote,
  personalDataWarnings,
  PROVINCE_ONLY,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import type { SharedState } from '../../lib/sharedState';
import { captchaGuard } from '../auth/captcha';
import { openNotice, publishRound, resolveObjection, submitObjection } from './notice.service';
import { declare, nominate, score } from './review.service';
import { assignExperts, createRound, getRound, listRounds, shortlistRound } from './rounds.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['selection'];

/** 示范项目遴选: rounds, nominations with evidence, expert review, shortlist, public notice with objections, results. */
export const selectionRoutes =
  (db: Db, opts: { anonWriteMax: number; state: SharedState }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/selection/rounds',
      {
        schema: {
          tags,
          summary: '发起示范项目遴选（省厅）',
          body: roundCreateBody,
          response: { 201: roundOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createRound(db, req.ctx, req.body)),
    );
    app.get(
      '/api/selection/rounds',
      {
        schema: {
          tags,
          summary: '示范项目遴选（专家只见受邀的轮次）',
          querystring: selectionYearQuery,
          response: { 200: roundList, ...errors },
        },
      },
      (req) => listRounds(db, req.ctx, req.query),
    );
    app.get(
      '/api/selection/rounds/:id',
      {
        schema: {
          tags,
          summary: '遴选详情（推荐项目按角色可见）',
          params: idParam,
          response: { 200: roundDetail, ...errors },
        },
      },
      (req) => getRound(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/selection/rounds/:id/nominations',
      {
        schema: {
          tags,
          summary: '推荐本地区项目（市州；自动汇集协议、实习、进展报告等佐证）',
          params: idParam,
          body: nominationCreateBody,
          response: { 201: nominationOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await nominate(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/api/selection/rounds/:id/experts',
      {
        schema: {
          tags,
          summary: '指定评审专家，开始评审（省厅）',
          params: idParam,
          body: expertsBody,
          response: { 200: roundDetail, ...errors },
        },
      },
      (req) => assignExperts(db, req.ctx, req.params.id, req.body.userIds),
    );
    app.post(
      '/api/selection/nominations/:id/declaration',
      {
        schema: {
          tags,
          summary: '专家声明是否存在利益冲突（每个项目一次）',
          params: idParam,
          body: declarationBody,
          response: { 201: declarationOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await declare(db, req.ctx, req.params.id, req.body)),
    );
    app.put(
      '/api/selection/nominations/:id/score',
      {
        schema: {
          tags,
          summary: '专家按评分细则评分（确定拟入选名单前可修改）',
          params: idParam,
          body: scoreBody,
          response: { 200: scoreOut, ...errors },
        },
      },
      (req) => score(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/selection/rounds/:id/shortlist',
      {
        schema: {
          tags,
          summary: '计算最终得分并按名额确定拟入选名单（省厅）',
          params: idParam,
          response: { 200: roundDetail, ...errors },
        },
      },
      (req) => shortlistRound(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/selection/rounds/:id/notice',
      {
        schema: {
          tags,
          summary: '发布公示（省厅；公示期内接受异议）',
          params: idParam,
          body: noticeBody,
          response: { 200: roundDetail, ...errors },
        },
      },
      (req) => openNotice(db, req.ctx, req.params.id, req.body),
    );
    // Anyone may object without an account, and each objection notifies the province: a few per address an hour, and
    // a captcha with each.
    app.post(
      '/api/selection/nominations/:id/objections',
      {
        config: { rateLimit: { max: opts.anonWriteMax, timeWindow: 3_600_000 } },
        preHandler: captchaGuard(opts.state),
        schema: {
          tags,
          summary: '对公示项目提出异议（无需登录，仅限公示期内，需图形验证码）',
          params: idParam,
          body: objectionBody,
          response: { 201: objectionAccepted.extend(personalDataNote), ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send({
          ...(await submitObjection(db, req.ctx, req.params.id, req.body)),
          warnings: personalDataWarnings({ 异议内容: req.body.content }, PROVINCE_ONLY),
        }),
    );
    app.post(
      '/api/selection/objections/:id/resolve',
      {
        schema: {
          tags,
          summary: '处理异议（省厅；成立则该项目不入选）',
          params: idParam,
          body: resolveBody,
          response: { 200: objectionOut, ...errors },
        },
      },
      (req) => resolveObjection(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/selection/rounds/:id/publish',
      {
        schema: {
          tags,
          summary: '公示结束且异议处理完毕后发布遴选结果（省厅）',
          params: idParam,
          response: { 200: roundDetail, ...errors },
        },
      },
      (req) => publishRound(db, req.ctx, req.params.id),
    );
  };
