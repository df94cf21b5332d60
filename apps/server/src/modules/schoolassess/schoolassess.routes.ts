import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assessmentSchemeBody,
  errorBody,
  fileOut,
  schoolAssessmentOut,
  schoolAssessmentOverviewOut,
  schoolManualScoreInput,
  schoolManualScoreOut,
  schoolTemplateOut,
  yearParam,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { attachment } from '../excel/layout';
import { AppError } from '../../http/errors';
import { schoolAssessmentFileName, schoolAssessmentWorkbook } from './schoolassess.export';
import {
  freezeSchoolAssessment,
  publishSchoolAssessment,
  saveSchoolScheme,
  saveSchoolScore,
} from './schoolassess.service';
import { getSchoolAssessment, schoolAssessmentOverview, schoolTemplate } from './schoolassess.view';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const regionQuery = z.object({
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
});

/** 三(五) 学校考核: a city bureau's scheme for its schools, scores with evidence, freeze and publish. */
export const schoolAssessmentRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['school-assessment'];
    app.get(
      '/api/school-assessments/:year',
      {
        schema: {
          tags,
          summary: '各市州学校考核状态（省厅全部，市州本地区）',
          params: yearParam,
          response: { 200: schoolAssessmentOverviewOut, ...errors },
        },
      },
      (req) => schoolAssessmentOverview(db, req.ctx, req.params.year),
    );
    app.get(
      '/api/school-assessments/:year/region',
      {
        schema: {
          tags,
          summary: '一个市州的学校考核方案与结果（草稿实时计算；学校只看公布后的本校）',
          params: yearParam,
          querystring: regionQuery,
          response: { 200: schoolAssessmentOut, ...errors },
        },
      },
      (req) => getSchoolAssessment(db, req.ctx, req.params.year, req.query.region),
    );
    app.get(
      '/api/school-assessments/:year/result.xlsx',
      {
        schema: {
          tags,
          summary: '导出一个市州的学校考核结果（Excel：排名、评分明细、考核方案；评分中的方案注明未冻结）',
          params: yearParam,
          querystring: regionQuery,
          response: { 200: fileOut('学校考核结果 .xlsx'), ...errors },
        },
      },
      async (req, reply) => {
        const v = await getSchoolAssessment(db, req.ctx, req.params.year, req.query.region);
        if (v.status === 'none')
          throw new AppError(409, 'conflict', `${v.regionName}${v.year} 年度尚未制定学校考核方案，没有可导出的结果`);
        const name = schoolAssessmentFileName(v);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachment(name, 'school-assessment.xlsx'))
          .send(await schoolAssessmentWorkbook(v));
      },
    );
    app.get(
      '/api/school-assessments/:year/template',
      {
        schema: {
          tags,
          summary: '以省厅本年度市州考核方案为模板的学校考核方案',
          params: yearParam,
          response: { 200: schoolTemplateOut, ...errors },
        },
      },
      (req) => schoolTemplate(db, req.ctx, req.params.year),
    );
    app.put(
      '/api/school-assessments/:year/scheme',
      {
        schema: {
          tags,
          summary: '市州制定或替换本地区学校考核方案（权重之和须为 100）',
          params: yearParam,
          body: assessmentSchemeBody,
          response: { 200: schoolAssessmentOut, ...errors },
        },
      },
      (req) => saveSchoolScheme(db, req.ctx, req.params.year, req.body),
    );
    app.put(
      '/api/school-assessments/:year/scores',
      {
        schema: {
          tags,
          summary: '市州录入学校人工评分（0–100，理由与佐证链接）',
          params: yearParam,
          body: schoolManualScoreInput,
          response: { 200: schoolManualScoreOut, ...errors },
        },
      },
      (req) => saveSchoolScore(db, req.ctx, req.params.year, req.body),
    );
    app.post(
      '/api/school-assessments/:year/freeze',
      {
        schema: {
          tags,
          summary: '冻结学校考核结果（人工评分须全部录入）',
          params: yearParam,
          response: { 200: schoolAssessmentOut, ...errors },
        },
      },
      (req) => freezeSchoolAssessment(db, req.ctx, req.params.year),
    );
    app.post(
      '/api/school-assessments/:year/publish',
      {
        schema: {
          tags,
          summary: '公布学校考核结果（冻结后；学校可查看本校结果）',
          params: yearParam,
          response: { 200: schoolAssessmentOut, ...errors },
        },
      },
      (req) => publishSchoolAssessment(db, req.ctx, req.params.year),
    );
  };
