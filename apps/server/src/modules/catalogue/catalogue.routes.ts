import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  catalogueItem,
  catalogueQuery,
  catalogueResult,
  errorBody,
  fileOut,
  textFileOut,
  openDataDictionaryOut,
  idParam,
  okBody,
  openDataOut,
  orgPublicPageOut,
  publicationOut,
  publishBody,
  withdrawBody,
  yearParam,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor } from '../../http/access';
import { getItem, orgPage, searchCatalogue } from './catalogue.service';
import { openDataCsv, openDataDictionary, openDataDictionaryCsv, openDataJson, openDataXlsx } from './opendata';
import { storedCompiled } from './compiled';
import { attachment, XLSX_TYPE } from '../excel/layout';
import { confirmItem, listPublications, publish, withdrawItem } from './publish.service';
import { recomputeAll, recomputeOrg } from '../recommendations/recommendations.service';
import { invalidateLines } from '../recommendations/lines';

const encoded = new WeakMap<object, string>();
/** What the route's response serializer would send for this object (the schema's encode, then JSON), once per object. */
function encodedOnce(answer: object) {
  let json = encoded.get(answer);
  if (json === undefined)
    encoded.set(answer, (json = JSON.stringify(z.encode(catalogueResult, answer as z.output<typeof catalogueResult>))));
  return json;
}

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const catalogueRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    // Public: no login needed; contacts come back masked unless the caller may see them.
    app.get(
      '/api/catalogue',
      {
        schema: {
          tags: ['catalogue'],
          summary: '需求信息目录（公开，含筛选计数）',
          querystring: catalogueQuery,
          response: { 200: catalogueResult, 400: errorBody },
        },
      },
      async (req, reply) => {
        const answer = await searchCatalogue(db, req.ctx, req.query);
        if (req.ctx.actor) return answer;
        // An anonymous answer is one shared object of the search cache: encode it against the response schema once,
        // not on every request that reuses it (a string with a JSON content type is sent as it is).
        return reply.type('application/json; charset=utf-8').send(encodedOnce(answer) as never); // typed as the object; sent as its JSON
      },
    );
    app.get(
      '/api/catalogue/items/:id',
      {
        schema: {
          tags: ['catalogue'],
          summary: '需求信息详情（公开）',
          params: idParam,
          response: { 200: catalogueItem.extend({ current: z.boolean() }), ...errors },
        },
      },
      (req) => getItem(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/catalogue/orgs/:id',
      {
        schema: {
          tags: ['catalogue'],
          summary: '单位公开页',
          params: idParam,
          response: { 200: orgPublicPageOut, ...errors },
        },
      },
      (req) => orgPage(db, req.ctx, req.params.id),
    );
    const yearQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() });
    // Open data (公开): without a year the latest published year, as the public page; codes with their names.
    app.get(
      '/api/catalogue/open-data.json',
      {
        schema: {
          tags: ['catalogue'],
          summary: '开放数据（JSON，联系人已脱敏；默认最新发布年度）',
          querystring: yearQuery,
          response: { 200: openDataOut },
        },
      },
      async (req, reply) => {
        reply.header('content-disposition', attachment('需求信息公开数据.json', 'catalogue.json'));
        return openDataJson(db, req.query.year);
      },
    );
    app.get(
      '/api/catalogue/open-data.csv',
      {
        schema: {
          tags: ['catalogue'],
          summary: '开放数据（CSV，UTF-8 BOM，代码列加引号，联系人已脱敏）',
          querystring: yearQuery,
          response: { 200: textFileOut('csv 文件') },
        },
      },
      async (req, reply) => {
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', attachment('需求信息公开数据.csv', 'catalogue.csv'));
        return openDataCsv(db, req.query.year);
      },
    );
    app.get(
      '/api/catalogue/open-data.xlsx',
      {
        schema: {
          tags: ['catalogue'],
          summary: '开放数据（Excel，代码为文本单元格，附数据字典）',
          querystring: yearQuery,
          response: { 200: fileOut('xlsx 文件') },
        },
      },
      async (req, reply) => {
        const body = await openDataXlsx(db, req.query.year);
        return reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', attachment('需求信息公开数据.xlsx', 'catalogue.xlsx'))
          .send(body);
      },
    );
    app.get(
      '/api/catalogue/open-data-dictionary.json',
      {
        schema: {
          tags: ['catalogue'],
          summary: '开放数据的数据字典（字段、中文名、类型、代码来源、示例）',
          querystring: yearQuery,
          response: { 200: openDataDictionaryOut, 404: errorBody },
        },
      },
      (req) => openDataDictionary(db, req.query.year),
    );
    app.get(
      '/api/catalogue/open-data-dictionary.csv',
      {
        schema: {
          tags: ['catalogue'],
          summary: '开放数据的数据字典（CSV）',
          querystring: yearQuery,
          response: { 200: textFileOut('csv 文件') },
        },
      },
      async (req, reply) => {
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', attachment('需求信息公开数据_数据字典.csv', 'catalogue-dictionary.csv'));
        return openDataDictionaryCsv(db, req.query.year);
      },
    );
    app.get(
      '/api/catalogue/compiled.xlsx',
      {
        schema: {
          tags: ['catalogue'],
          summary: '需求信息汇编（Excel，公开，联系人已脱敏；默认最新发布版本）',
          querystring: z.object({
            year: z.coerce.number().int().min(2020).max(2100).optional(),
            version: z.coerce.number().int().min(1).max(10000).optional(),
          }),
          response: {
            200: fileOut('xlsx 文件'),
            304: z.any().describe('与 If-None-Match 相同：未改变，无内容'),
            400: errorBody,
            404: errorBody,
          },
        },
      },
      async (req, reply) => {
        // Built once per publication and stored; a reader who has this exact file is told so (304) without the bytes.
        // no-cache: a withdrawal changes the file of the same version, so a copy is always checked against the ETag.
        const file = await storedCompiled(db, req.query);
        reply.header('etag', file.etag).header('cache-control', 'public, no-cache');
        if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(file.etag)) return reply.code(304).send();
        return reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', attachment(file.fileName))
          .send(await file.content());
      },
    );
    app.get(
      '/api/publications',
      {
        schema: {
          tags: ['catalogue'],
          summary: '发布版本',
          response: { 200: z.object({ items: z.array(publicationOut) }), ...errors },
        },
      },
      async (req) => {
        requireActor(req.ctx);
        return { items: await listPublications(db) };
      },
    );
    app.post(
      '/api/campaigns/:year/publications',
      {
        schema: {
          tags: ['catalogue'],
          summary: '发布（省厅）：以省厅已接收的表单生成新版本',
          params: yearParam,
          body: publishBody,
          response: { 201: publicationOut, ...errors },
        },
      },
      async (req, reply) => {
        const pub = await publish(db, req.ctx, req.params.year, req.body.note);
        // A new publication changes every candidate set: rank everything again.
        invalidateLines();
        await recomputeAll(db);
        return reply.status(201).send(pub);
      },
    );
    app.post(
      '/api/catalogue/items/:id/withdraw',
      {
        schema: {
          tags: ['catalogue'],
          summary: '撤下（省厅或发布单位）',
          params: idParam,
          body: withdrawBody,
          response: { 200: okBody, ...errors },
        },
      },
      async (req) => {
        const ownerId = await withdrawItem(db, req.ctx, req.params.id, req.body.reason);
        await recomputeOrg(db, ownerId);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/catalogue/items/:id/confirm',
      {
        schema: {
          tags: ['catalogue'],
          summary: '确认仍有效（发布单位）',
          params: idParam,
          response: { 200: okBody, ...errors },
        },
      },
      async (req) => {
        const ownerId = await confirmItem(db, req.ctx, req.params.id);
        await recomputeOrg(db, ownerId);
        return { ok: true as const };
      },
    );
  };
