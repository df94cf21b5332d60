import { createServer } from 'node:net';

export class PortBusyError extends Error {
  constructor(port: number) {
    super(`端口 ${port} 已被占用，请设置 PORT 为其他端口或先停止占用该端口的程序`);
  }
}

/**
 * Refuses a busy port before anything slow or lasting happens (opening the database, migrating, seeding): the
 * operator learns at once instead of after the migrations. Port 0 (any free port) needs no check.
 */
export function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? new PortBusyError(port) : e));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => ok()));
  });
}
