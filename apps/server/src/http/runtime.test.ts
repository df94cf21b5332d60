import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import type { Database } from '../db/client';
import { databaseSecret } from '../db/sessionSecret';
import { loadEnv, testEnv } from '../env';
import { repoRoot } from '../paths';
import { freshDatabase } from '../../test/db';
import { ensurePortFree, PortBusyError } from './port';

let database: Database;
let web: string;
beforeAll(async () => {
  database = await freshDatabase();
  // A built web app in miniature: index.html and one hashed asset, each with its .br and .gz (apps/web/vite.config.ts).
  web = mkdtempSync(join(tmpdir(), 'cjrh-web-'));
  mkdirSync(join(web, 'assets'));
  const files = {
    'index.html': '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>',
    'assets/index-AbC123.js': 'console.log("平台");'.repeat(100),
  };
  for (const [f, text] of Object.entries(files)) {
    writeFileSync(join(web, f), text);
    writeFileSync(join(web, `${f}.br`), brotliCompressSync(text));
    writeFileSync(join(web, `${f}.gz`), gzipSync(text));
  }
});
afterAll(async () => {
  await database.close();
  rmSync(web, { recursive: true, force: true });
});

describe('production runtime', () => {
  it('serves the precompressed web app: hashed assets immutable, index.html and client routes no-cache', async () => {
    const app = await buildApp({ env: testEnv({ WEB_DIST: web }), db: database });
    try {
      const js = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'br, gzip' } });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-encoding']).toBe('br');
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(js.headers['content-type']).toMatch(/javascript/);
      expect(js.headers.vary).toMatch(/accept-encoding/);
      const gz = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      const plain = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toContain('平台');
      for (const url of ['/', '/public']) {
        const page = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-encoding']).toBe('br');
        expect(page.headers['cache-control']).toBe('no-cache');
      }
      expect((await app.inject({ url: '/assets/missing-123.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('takes a relative DATA_DIR from the repository root, wherever the process runs', () => {
    expect(loadEnv({ DATA_DIR: './data' }).DATA_DIR).toBe(join(repoRoot, 'data'));
    expect(loadEnv({}).DATA_DIR).toBe(join(repoRoot, 'data'));
    expect(loadEnv({ DATA_DIR: '/srv/cjrh' }).DATA_DIR).toBe('/srv/cjrh');
  });

  it('keeps one generated session secret in the database for every process that shares it', async () => {
    const a = await databaseSecret(database.db);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await databaseSecret(database.db)).toBe(a);
  });

  it('refuses a busy port with one Chinese line', async () => {
    const busy: Server = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    const { port } = busy.address() as { port: number };
    try {
      const e = await ensurePortFree(port, '127.0.0.1').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PortBusyError);
      expect((e as Error).message).toBe(`端口 ${port} 已被占用，请设置 PORT 为其他端口或先停止占用该端口的程序`);
    } finally {
      await new Promise((ok) => busy.close(ok));
    }
    await expect(ensurePortFree(port, '127.0.0.1')).resolves.toBeUndefined();
  });
});
