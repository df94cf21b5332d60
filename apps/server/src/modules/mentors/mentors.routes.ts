import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  idParam,
  mentorInput,
  mentorUpdate,
  okBody,
  pageQuery,
  schoolMentor,
  schoolMentorList,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { createMentor, deleteMentor, listMentors, updateMentor } from './mentors.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** 导师名册: a school's own 企业兼职技能导师 (ID number in, keyed hash stored; never shown again). */
export const mentorRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/mentors',
      {
        schema: {
          tags: ['mentors'],
          summary: '学校导师名册（省厅全部、市州本地区、学校本校）',
          querystring: z.object(pageQuery),
          response: { 200: schoolMentorList, ...errors },
        },
      },
      (req) => listMentors(db, req.ctx, req.query),
    );
    app.post(
      '/api/mentors',
      {
        schema: {
          tags: ['mentors'],
          summary: '学校登记一名企业兼职技能导师（身份证号只用于去重，不保存）',
          body: mentorInput,
          response: { 200: schoolMentor, ...errors },
        },
      },
      (req) => createMentor(db, req.ctx, req.body),
    );
    app.put(
      '/api/mentors/:id',
      {
        schema: {
          tags: ['mentors'],
          summary: '修改本校导师（不填身份证号则保持不变）',
          params: idParam,
          body: mentorUpdate,
          response: { 200: schoolMentor, ...errors },
        },
      },
      (req) => updateMentor(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/mentors/:id',
      {
        schema: {
          tags: ['mentors'],
          summary: '删除本校导师',
          params: idParam,
          querystring: z.object({ version: z.coerce.number().int().positive() }),
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteMentor(db, req.ctx, req.params.id, req.query.version),
    );
  };
