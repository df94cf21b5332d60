import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  fileOut,
  idParam,
  okBody,
  practice,
  practiceInput,
  practiceList,
  teacher,
  teacherInput,
  teacherList,
  teacherListQuery,
  teacherUpdate,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { today } from '../../lib/clock';
import { createPractice, deletePractice, listPractices, practicesOf, updatePractice } from './practices.service';
import { teacherRecordDocx } from './teacher.record';
import { createTeacher, deleteTeacher, listTeachers, oneTeacher, teacherFor, updateTeacher } from './teachers.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const practiceParams = z.object({ id: idParam.shape.id, practiceId: idParam.shape.id });

/** 教师名册与企业实践 (notice 二(三)): roster (ID number in, keyed hash stored), practice records, Word record. */
export const teacherRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/teachers',
      {
        schema: {
          tags: ['teachers'],
          summary: '教师名册（含当年企业实践天数、骨干教师企业实践达标情况）',
          querystring: teacherListQuery,
          response: { 200: teacherList, ...errors },
        },
      },
      (req) => listTeachers(db, req.ctx, req.query),
    );
    app.post(
      '/api/teachers',
      {
        schema: {
          tags: ['teachers'],
          summary: '学校登记一名教师（身份证号只用于去重，不保存）',
          body: teacherInput,
          response: { 200: teacher, ...errors },
        },
      },
      (req) => createTeacher(db, req.ctx, req.body),
    );
    app.put(
      '/api/teachers/:id',
      {
        schema: {
          tags: ['teachers'],
          summary: '修改本校教师（不填身份证号则保持不变）',
          params: idParam,
          body: teacherUpdate,
          response: { 200: teacher, ...errors },
        },
      },
      (req) => updateTeacher(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/teachers/:id',
      {
        schema: {
          tags: ['teachers'],
          summary: '删除本校教师（连同其企业实践记录）',
          params: idParam,
          querystring: z.object({ version: z.coerce.number().int().positive() }),
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteTeacher(db, req.ctx, req.params.id, req.query.version),
    );
    app.get(
      '/api/teachers/:id/practices',
      {
        schema: {
          tags: ['teachers'],
          summary: '教师企业实践记录',
          params: idParam,
          response: { 200: practiceList, ...errors },
        },
      },
      (req) => listPractices(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/teachers/:id/practices',
      {
        schema: {
          tags: ['teachers'],
          summary: '登记企业实践（同一教师时间不得重叠）',
          params: idParam,
          body: practiceInput,
          response: { 200: practice, ...errors },
        },
      },
      (req) => createPractice(db, req.ctx, req.params.id, req.body),
    );
    app.put(
      '/api/teachers/:id/practices/:practiceId',
      {
        schema: {
          tags: ['teachers'],
          summary: '修改企业实践记录',
          params: practiceParams,
          body: practiceInput,
          response: { 200: practice, ...errors },
        },
      },
      (req) => updatePractice(db, req.ctx, req.params.id, req.params.practiceId, req.body),
    );
    app.delete(
      '/api/teachers/:id/practices/:practiceId',
      {
        schema: {
          tags: ['teachers'],
          summary: '删除企业实践记录',
          params: practiceParams,
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deletePractice(db, req.ctx, req.params.id, req.params.practiceId),
    );
    app.get(
      '/api/teachers/:id/record.docx',
      {
        schema: {
          tags: ['teachers'],
          summary: '导出教师校企合作工作记录（Word，供考核、职称评审）',
          params: idParam,
          response: { 200: fileOut('.docx'), ...errors },
        },
      },
      async (req, reply) => {
        await teacherFor(db, req.ctx, req.params.id, 'teacher.read');
        const t = await oneTeacher(db, req.params.id);
        const buf = await teacherRecordDocx(t, await practicesOf(db, t.id), today());
        return reply
          .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header(
            'content-disposition',
            `attachment; filename="teacher-record.docx"; filename*=UTF-8''${encodeURIComponent(`${t.name}-校企合作工作记录.docx`)}`,
          )
          .send(buf);
      },
    );
  };
