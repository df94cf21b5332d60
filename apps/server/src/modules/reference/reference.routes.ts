import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  crosswalkOut,
  dictCreateBody,
  dictEntry,
  dictEntryParams,
  dictParams,
  dictQuery,
  dictUpsertBody,
  errorBody,
  regionOut,
  REGIONS,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { createDictEntry, crosswalk, listDict, updateDictEntry } from './reference.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const referenceRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    // Reference data is public: the public catalogue's filters need it.
    app.get(
      '/api/reference/regions',
      {
        schema: {
          tags: ['reference'],
          summary: '地区（GB/T 2260）',
          response: { 200: z.object({ items: z.array(regionOut) }) },
        },
      },
      async () => ({
        items: REGIONS.map((r) => ({ ...r, centroid: [...r.centroid] as [number, number] })),
      }),
    );
    app.get(
      '/api/reference/dicts/:kind',
      {
        schema: {
          tags: ['reference'],
          summary: '字典',
          params: dictParams,
          querystring: dictQuery,
          response: { 200: z.object({ items: z.array(dictEntry) }), ...errors },
        },
      },
      async (req) => ({
        items: await listDict(db, req.params.kind, req.query),
      }),
    );
    app.post(
      '/api/reference/dicts/:kind',
      {
        schema: {
          tags: ['reference'],
          summary: '新增字典项（省厅）',
          params: dictParams,
          body: dictCreateBody,
          response: { 201: dictEntry, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createDictEntry(db, req.ctx, req.params.kind, req.body)),
    );
    app.patch(
      '/api/reference/dicts/:kind/:code',
      {
        schema: {
          tags: ['reference'],
          summary: '修改字典项（省厅）',
          params: dictEntryParams,
          body: dictUpsertBody,
          response: { 200: dictEntry, ...errors },
        },
      },
      (req) => updateDictEntry(db, req.ctx, req.params.kind, req.params.code, req.body),
    );
    app.get(
      '/api/reference/crosswalk',
      {
        schema: {
          tags: ['reference'],
          summary: '专业—职业—产业对照',
          response: { 200: crosswalkOut },
        },
      },
      async () => ({ items: await crosswalk(db) }),
    );
  };
