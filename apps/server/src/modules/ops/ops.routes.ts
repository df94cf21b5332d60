import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, opsStatus as opsStatusOut } from '@cjrh/domain';
import { opsStatus, type OpsDeps } from './ops.service';

const errors = { 401: errorBody, 403: errorBody };

/** 运行状态 (province): scheduled jobs, import queue, processes, database and backups. */
export const opsRoutes =
  (deps: OpsDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/ops/status',
      {
        schema: {
          tags: ['health'],
          summary: '运行状态（省厅）：定时任务、导入队列、服务进程、数据库与备份',
          response: { 200: opsStatusOut, ...errors },
        },
      },
      (req) => opsStatus(deps, req.ctx),
    );
  };
