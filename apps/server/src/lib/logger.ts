import pino from 'pino';
import type { Env } from '../env';

/** The process's one JSON logger (pino, as Fastify's): start-up lines, jobs and requests alike, never console.log.
 *  Cookies and authorization headers are redacted wherever a request is logged. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>) {
  return pino({
    level: env.LOG_LEVEL,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[已隐去]',
    },
  });
}
