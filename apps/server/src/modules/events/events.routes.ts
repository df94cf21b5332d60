import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  eventCreateBody,
  eventOut,
  eventStatusBody,
  idParam,
  meetingBody,
  meetingOut,
  meetingOutcomeBody,
  meetingResponseBody,
  registerBody,
  registrationOut,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { changeStatus, createEvent, getEvent, listEvents, register, registrations } from './events.service';
import { bookMeeting, meetings, recordOutcome, respondMeeting } from './meetings.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const meetingParams = z.object({
  id: z.coerce.number().int().positive(),
  meetingId: z.coerce.number().int().positive(),
});

export const eventRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/events',
      {
        schema: {
          tags: ['events'],
          summary: '洽谈会（公开）',
          response: { 200: z.object({ items: z.array(eventOut) }) },
        },
      },
      (req) => listEvents(db, req.ctx),
    );
    app.get(
      '/api/events/:id',
      {
        schema: {
          tags: ['events'],
          summary: '洽谈会详情（公开）',
          params: idParam,
          response: { 200: eventOut, ...errors },
        },
      },
      (req) => getEvent(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/events',
      {
        schema: {
          tags: ['events'],
          summary: '创建洽谈会（省厅、市州）',
          body: eventCreateBody,
          response: { 201: eventOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createEvent(db, req.ctx, req.body)),
    );
    app.post(
      '/api/events/:id/status',
      {
        schema: {
          tags: ['events'],
          summary: '截止报名、重新开放或取消洽谈会（主办方；取消须填原因并通知已报名单位）',
          params: idParam,
          body: eventStatusBody,
          response: { 200: eventOut, ...errors },
        },
      },
      (req) => changeStatus(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/api/events/:id/registrations',
      {
        schema: {
          tags: ['events'],
          summary: '报名（学校、企业）',
          params: idParam,
          body: registerBody,
          response: { 201: eventOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await register(db, req.ctx, req.params.id, req.body.attendees)),
    );
    app.get(
      '/api/events/:id/registrations',
      {
        schema: {
          tags: ['events'],
          summary: '报名单位（主办方、已报名单位）',
          params: idParam,
          response: { 200: z.object({ items: z.array(registrationOut) }), ...errors },
        },
      },
      (req) => registrations(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/events/:id/meetings',
      {
        schema: {
          tags: ['events'],
          summary: '洽谈预约与时段',
          params: idParam,
          response: { 200: z.object({ items: z.array(meetingOut), slots: z.array(z.string()) }), ...errors },
        },
      },
      (req) => meetings(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/events/:id/meetings',
      {
        schema: {
          tags: ['events'],
          summary: '请求洽谈时段（学校或企业一方发起，另一方接受后生效；不允许任一方重复预约）',
          params: idParam,
          body: meetingBody,
          response: { 201: meetingOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await bookMeeting(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/api/events/:id/meetings/:meetingId/response',
      {
        schema: {
          tags: ['events'],
          summary: '接受或谢绝对方的洽谈请求',
          params: meetingParams,
          body: meetingResponseBody,
          response: { 200: meetingOut, ...errors },
        },
      },
      (req) => respondMeeting(db, req.ctx, req.params.id, req.params.meetingId, req.body),
    );
    app.patch(
      '/api/events/:id/meetings/:meetingId',
      {
        schema: {
          tags: ['events'],
          summary: '记录洽谈成果',
          params: meetingParams,
          body: meetingOutcomeBody,
          response: { 200: meetingOut, ...errors },
        },
      },
      (req) => recordOutcome(db, req.ctx, req.params.id, req.params.meetingId, req.body),
    );
  };
