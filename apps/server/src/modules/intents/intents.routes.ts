import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  idParam,
  intentActionBody,
  intentCreateBody,
  intentList,
  intentListQuery,
  intentMessageBody,
  intentMessageOut,
  intentOut,
  personalDataNote,
  personalDataWarnings,
  SEEN_BY_PARTNER,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { recomputeOrg } from '../recommendations/recommendations.service';
import { actOnIntent, createIntent, getIntent, listIntents, listMessages, postMessage } from './intents.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const intentRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/intents',
      {
        schema: {
          tags: ['intents'],
          summary: '对接意向（本单位发出/收到；市州看本地区）',
          querystring: intentListQuery,
          response: { 200: intentList, ...errors },
        },
      },
      (req) => listIntents(db, req.ctx, req.query),
    );
    app.post(
      '/api/intents',
      {
        schema: {
          tags: ['intents'],
          summary: '发起对接',
          body: intentCreateBody,
          response: { 201: intentOut.extend(personalDataNote), ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send({
          ...(await createIntent(db, req.ctx, req.body)),
          warnings: personalDataWarnings({ 对接说明: req.body.message }, SEEN_BY_PARTNER),
        }),
    );
    app.get(
      '/api/intents/:id',
      { schema: { tags: ['intents'], summary: '对接详情', params: idParam, response: { 200: intentOut, ...errors } } },
      (req) => getIntent(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/intents/:id/actions',
      {
        schema: {
          tags: ['intents'],
          summary: '接受、婉拒、撤回',
          params: idParam,
          body: intentActionBody,
          response: { 200: intentOut, ...errors },
        },
      },
      async (req) => {
        const out = await actOnIntent(db, req.ctx, req.params.id, req.body);
        // An accepted intent makes the two partners: their pair is ranked with the partnership bonus.
        if (out.state === 'accepted') await recomputeOrg(db, out.from.orgId);
        return out;
      },
    );
    app.get(
      '/api/intents/:id/messages',
      {
        schema: {
          tags: ['intents'],
          summary: '留言与状态记录',
          params: idParam,
          response: { 200: z.object({ items: z.array(intentMessageOut) }), ...errors },
        },
      },
      (req) => listMessages(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/intents/:id/messages',
      {
        schema: {
          tags: ['intents'],
          summary: '留言',
          params: idParam,
          body: intentMessageBody,
          response: { 201: intentMessageOut.extend(personalDataNote), ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send({
          ...(await postMessage(db, req.ctx, req.params.id, req.body.body)),
          warnings: personalDataWarnings({ 留言: req.body.body }, SEEN_BY_PARTNER),
        }),
    );
  };
