import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorMessage, type ErrorCode } from '@cjrh/domain';
import { describeError } from '../db/startup';

export class AppError extends Error {
  constructor(
    public status: number,
    public code: ErrorCode,
    message?: string,
    public details?: unknown,
  ) {
    super(message ?? errorMessage(code));
  }
}

export const conflict = (message?: string, details?: unknown) =>
  new AppError(409, 'version_conflict', message, details);

/** Postgres error code of a failed query, through Drizzle's wrapper. */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.cause?.code ?? err?.code;
}

/** The database connection failed (cut inside a transaction, server restarting or down, pool exhausted at connect):
 *  the request cannot be served now but may be later — 503, never a 500 that reads like a bug. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (
    let err = e as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    err && depth < 4;
    err = err.cause as typeof err, depth++
  ) {
    const code = typeof err.code === 'string' ? err.code : '';
    if (
      /^08/.test(code) ||
      [
        '57P01',
        '57P02',
        '57P03',
        '53300',
        '25006',
        'ECONNREFUSED',
        'ECONNRESET',
        'ETIMEDOUT',
        'EPIPE',
        'ENOTFOUND',
      ].includes(code)
    )
      return true;
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
        err.message ?? '',
      )
    )
      return true;
  }
  return false;
}

// Field names in validation messages are shown to people, so map the common ones to Chinese.
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  name: '名称',
  uscc: '统一社会信用代码',
  regionCode: '所属地区',
  phone: '手机号',
  email: '邮箱',
  emailNotify: '邮件通知方式',
  newPassword: '新密码',
  captchaId: '验证码',
  captchaAnswer: '验证码',
  pageSize: '每页条数',
  page: '页码',
  teacherName: '教师姓名',
  specialtyCode: '专业',
  startDate: '开始日期',
  endDate: '结束日期',
  hours: '培训学时',
  provider: '培训机构',
  industryCodes: '重点产业',
  idNumber: '身份证号码',
  enterprise: '所在企业',
  termStart: '聘期开始',
  termEnd: '聘期结束',
  // Layout, specialty setting and exit, teachers, cooperation office (notice 二(一)–(三), 三(一)).
  countyCode: '县（市、区）',
  capacity: '容量',
  reason: '理由',
  plannedEnrolment: '计划招生人数',
  partnerOrgIds: '合作企业',
  newEnrolment: '调减后招生人数',
  effectiveYear: '生效年度',
  followUp: '办理情况',
  startOn: '开始日期',
  endOn: '结束日期',
  days: '实践天数',
  content: '实践内容',
  responsibleName: '负责人',
  responsibleTitle: '负责人职务',
  responsiblePhone: '负责人电话',
  establishedOn: '成立日期',
  members: '成员',
};

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: {
    keys?: string[];
    minimum?: number | bigint;
    maximum?: number | bigint;
    origin?: string;
    expected?: string;
  };
}

/** Zod's English defaults become Chinese; messages written in our schemas (already Chinese) pass through. */
function chinese(v: ValidationItem): string {
  const m = v.message ?? '';
  if (/[\u4e00-\u9fff]/.test(m)) return m;
  const p = v.params ?? {};
  const len = p.origin === 'string' || p.origin === 'array';
  switch (v.keyword) {
    case 'unrecognized_keys':
      return `不允许的字段：${(p.keys ?? []).join('、')}`;
    case 'invalid_type':
      return /received undefined/.test(m) ? '必填' : '类型不正确';
    case 'too_small':
      return len ? `长度至少为 ${p.minimum}` : `不能小于 ${p.minimum}`;
    case 'too_big':
      return len ? `长度不能超过 ${p.maximum}` : `不能大于 ${p.maximum}`;
    case 'invalid_value':
      return '不是允许的取值';
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return '须为整数';
    default:
      return '格式不正确';
  }
}

function validationDetails(items: ValidationItem[]) {
  return items.map((v) => {
    const path = v.instancePath.split('/').filter(Boolean).join('.');
    const last = path.split('.').pop() ?? '';
    return { path, label: FIELD_LABELS[last] ?? (path || '请求'), message: chinese(v) };
  });
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = validationDetails(err.validation as unknown as ValidationItem[]);
      const first = details[0];
      const message = first ? `${first.label}：${first.message}` : errorMessage('validation_failed');
      return reply.status(400).send({ error: { code: 'validation_failed', message, details } });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return reply.status(500).send({ error: { code: 'internal_error', message: errorMessage('internal_error') } });
    }
    // Errors Fastify raises for malformed requests carry a 4xx status.
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const code: ErrorCode =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'invalid_json'
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'body_too_large'
            : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? 'unsupported_media_type'
              : status === 404
                ? 'route_not_found'
                : status === 429
                  ? 'rate_limited'
                  : 'bad_request';
      return reply.status(status).send({ error: { code, message: errorMessage(code) } });
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: describeError(err) }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'service_unavailable', message: '数据库暂时无法连接，本次操作未完成，请稍后重试' } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: errorMessage('internal_error') } });
  });
}
