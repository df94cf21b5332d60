import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  fileOut,
  flagshipInput,
  idParam,
  layoutQuery,
  layoutView,
  okBody,
  schoolPlaceInput,
  schoolStandard,
  schoolStandardsInput,
  standardItem,
  standardItemInput,
  trainingBase,
  trainingBaseInput,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { createBase, deleteBase, updateBase } from './bases.service';
import { layoutWorkbook } from './layout.export';
import { layoutView as view, setCounty, setFlagship } from './layout.service';
import { listItems, saveItem, saveSchoolStandards, schoolStandardsOf } from './standards.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const versionQuery = z.object({ version: z.coerce.number().int().positive() });

/** 技工教育统筹布局 (notice 二(一)): layout table and map, county, flagships, county bases, 达标 items. */
export const layoutRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/layout',
      {
        schema: {
          tags: ['layout'],
          summary: '技工院校布局：院校（县域、龙头、达标）、县域公共实训基地、按县汇总',
          querystring: layoutQuery,
          response: { 200: layoutView, ...errors },
        },
      },
      (req) => view(db, req.ctx, req.query),
    );
    app.get(
      '/api/layout/export.xlsx',
      {
        schema: {
          tags: ['layout'],
          summary: '导出技工院校布局（按当前筛选）',
          querystring: layoutQuery,
          response: { 200: fileOut('布局表 .xlsx'), ...errors },
        },
      },
      async (req, reply) => {
        const buf = await layoutWorkbook(await view(db, req.ctx, req.query));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="layout.xlsx"; filename*=UTF-8''${encodeURIComponent('技工院校布局.xlsx')}`,
          )
          .send(buf);
      },
    );
    app.put(
      '/api/layout/schools/:id/county',
      {
        schema: {
          tags: ['layout'],
          summary: '设置院校所在县（市、区）（省厅、本市州人社局）',
          params: idParam,
          body: schoolPlaceInput,
          response: { 200: okBody, ...errors },
        },
      },
      (req) => setCounty(db, req.ctx, req.params.id, req.body),
    );
    app.put(
      '/api/layout/schools/:id/flagship',
      {
        schema: {
          tags: ['layout'],
          summary: '认定或取消龙头技工院校（省厅；每市州最多 2 所）',
          params: idParam,
          body: flagshipInput,
          response: { 200: okBody, ...errors },
        },
      },
      (req) => setFlagship(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/layout/schools/:id/standards',
      {
        schema: {
          tags: ['layout'],
          summary: '院校办学条件达标情况',
          params: idParam,
          response: { 200: z.object({ items: z.array(schoolStandard) }), ...errors },
        },
      },
      (req) => schoolStandardsOf(db, req.ctx, req.params.id),
    );
    app.put(
      '/api/layout/schools/:id/standards',
      {
        schema: {
          tags: ['layout'],
          summary: '填写院校办学条件达标情况（省厅、本市州人社局）',
          params: idParam,
          body: schoolStandardsInput,
          response: { 200: z.object({ items: z.array(schoolStandard) }), ...errors },
        },
      },
      (req) => saveSchoolStandards(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/layout/standard-items',
      {
        schema: {
          tags: ['layout'],
          summary: '办学条件达标项目（省厅定义）',
          response: { 200: z.object({ items: z.array(standardItem) }), ...errors },
        },
      },
      (req) => listItems(db, req.ctx),
    );
    app.post(
      '/api/layout/standard-items',
      {
        schema: {
          tags: ['layout'],
          summary: '新增达标项目（省厅）',
          body: standardItemInput,
          response: { 200: standardItem, ...errors },
        },
      },
      (req) => saveItem(db, req.ctx, null, req.body),
    );
    app.put(
      '/api/layout/standard-items/:id',
      {
        schema: {
          tags: ['layout'],
          summary: '修改达标项目（省厅）',
          params: idParam,
          body: standardItemInput,
          response: { 200: standardItem, ...errors },
        },
      },
      (req) => saveItem(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/layout/bases',
      {
        schema: {
          tags: ['layout'],
          summary: '登记县域公共实训基地（省厅、本市州人社局）',
          body: trainingBaseInput,
          response: { 200: trainingBase, ...errors },
        },
      },
      (req) => createBase(db, req.ctx, req.body),
    );
    app.put(
      '/api/layout/bases/:id',
      {
        schema: {
          tags: ['layout'],
          summary: '修改县域公共实训基地',
          params: idParam,
          body: trainingBaseInput.extend({ version: z.number().int().positive() }),
          response: { 200: trainingBase, ...errors },
        },
      },
      (req) => updateBase(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/layout/bases/:id',
      {
        schema: {
          tags: ['layout'],
          summary: '删除县域公共实训基地',
          params: idParam,
          querystring: versionQuery,
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteBase(db, req.ctx, req.params.id, req.query.version),
    );
  };
