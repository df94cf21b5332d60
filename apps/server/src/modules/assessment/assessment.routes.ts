import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assessmentManualBody,
  assessmentManualOut,
  assessmentOut,
  assessmentSchemeBody,
  assessmentYearsOut,
  errorBody,
  fileOut,
  yearParam,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { attachment } from '../excel/layout';
import { resultWorkbook } from './assessment.export';
import { reportDocx, reportTitle } from './assessment.report';
import { freeze, frozenResult, getAssessment, listYears, saveManualScore, saveScheme } from './assessment.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
// Both the plain and the UTF-8 name carry the extension (attachment()): a browser that reads only `filename` saved
// the file as 「assessment」 with none.
const download = (name: string) => attachment(name, `assessment${name.slice(name.lastIndexOf('.'))}`);

export const assessmentRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/assessment',
      {
        schema: {
          tags: ['assessment'],
          summary: '市州考核评估：各年度方案与状态',
          response: { 200: assessmentYearsOut, ...errors },
        },
      },
      (req) => listYears(db, req.ctx),
    );
    app.get(
      '/api/assessment/:year',
      {
        schema: {
          tags: ['assessment'],
          summary: '年度考核方案与结果（草稿实时计算，冻结后为冻结结果；市州只看本地区）',
          params: yearParam,
          response: { 200: assessmentOut, ...errors },
        },
      },
      (req) => getAssessment(db, req.ctx, req.params.year),
    );
    app.put(
      '/api/assessment/:year/scheme',
      {
        schema: {
          tags: ['assessment'],
          summary: '制定或替换考核方案（省厅，冻结前）',
          params: yearParam,
          body: assessmentSchemeBody,
          response: { 200: assessmentOut, ...errors },
        },
      },
      (req) => saveScheme(db, req.ctx, req.params.year, req.body),
    );
    app.put(
      '/api/assessment/:year/manual',
      {
        schema: {
          tags: ['assessment'],
          summary: '录入人工评分（省厅，0–100 分，须填写理由）',
          params: yearParam,
          body: assessmentManualBody,
          response: { 200: assessmentManualOut, ...errors },
        },
      },
      (req) => saveManualScore(db, req.ctx, req.params.year, req.body),
    );
    app.post(
      '/api/assessment/:year/freeze',
      {
        schema: {
          tags: ['assessment'],
          summary: '冻结考核结果（省厅；人工评分须全部录入）',
          params: yearParam,
          response: { 200: assessmentOut, ...errors },
        },
      },
      (req) => freeze(db, req.ctx, req.params.year),
    );
    app.get(
      '/api/assessment/:year/result.xlsx',
      {
        schema: {
          tags: ['assessment'],
          summary: '导出考核结果（冻结后）',
          params: yearParam,
          response: { 200: fileOut('考核结果 .xlsx（排名、评分明细、考核方案）'), ...errors },
        },
      },
      async (req, reply) => {
        const f = await frozenResult(db, req.ctx, req.params.year);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', download(`${f.year}年度市州考核评估结果.xlsx`))
          .send(await resultWorkbook(f));
      },
    );
    app.get(
      '/api/assessment/:year/report.docx',
      {
        schema: {
          tags: ['assessment'],
          summary: '考核评估报告 Word（冻结后）',
          params: yearParam,
          response: { 200: fileOut('考核评估报告 .docx'), ...errors },
        },
      },
      async (req, reply) => {
        const f = await frozenResult(db, req.ctx, req.params.year);
        return reply
          .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', download(`${reportTitle(f.year)}.docx`))
          .send(await reportDocx(f));
      },
    );
  };
