import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import type { Database } from '../db/client';
import { testEnv } from '../env';
import { freshDatabase } from '../../test/db';

// Issue 20: the web and the server share one API contract. Fields are checked by the compiler (the web's types are
// the domain's zod schemas), so what is left to check is that every call the web makes names a route the server has:
// each /api/… address in apps/web/src/api/*.ts, with its method where the code says it (http.get/post/put/patch/del,
// an upload, a download with its method), against the paths of the app's OpenAPI document. A renamed or removed
// route then fails here instead of as a 404 in someone's browser.

const API_DIR = fileURLToPath(new URL('../../../web/src/api/', import.meta.url));

export interface WebCall {
  file: string;
  line: number;
  /** Upper case, or ANY for an address built for a link or a download whose method the code does not say. */
  method: string;
  /** The path with `{}` for each `${…}` part, without its query string. */
  path: string;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

const HTTP_METHODS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', del: 'DELETE' };
const QUERY = '\u0000';

/** The calls of one web API module: every /api/… address the code builds, with the method where the call says it. */
export function webCalls(file: string, text: string): WebCall[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  // Local address builders (`const base = (id: number) => `/api/agreements/${id}``) and variables holding an address.
  const builders = new Map<string, ts.Expression>();
  const variables = new Map<string, ts.Expression>();
  const collect = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const init = n.initializer;
      if (ts.isArrowFunction(init) && !ts.isBlock(init.body)) builders.set(n.name.text, init.body);
      else variables.set(n.name.text, init);
    }
    ts.forEachChild(n, collect);
  };
  collect(src);

  const pattern = (e: ts.Expression, depth = 0): string | null => {
    if (depth > 3) return null;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isParenthesizedExpression(e)) return pattern(e.expression, depth + 1);
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && builders.has(e.expression.text))
      return pattern(builders.get(e.expression.text)!, depth + 1);
    if (ts.isIdentifier(e) && variables.has(e.text)) return pattern(variables.get(e.text)!, depth + 1);
    if (ts.isTemplateExpression(e)) {
      let out = e.head.text;
      for (const span of e.templateSpans) {
        const x = span.expression;
        const inner = ts.isCallExpression(x) && ts.isIdentifier(x.expression) ? x.expression.text : '';
        if (inner === 'toQueryString' || ts.isConditionalExpression(x)) out += QUERY;
        else if (builders.has(inner)) out += pattern(x, depth + 1) ?? '{}';
        else out += '{}';
        out += span.literal.text;
      }
      return out;
    }
    return null;
  };
  const clean = (p: string | null) => {
    if (p == null) return null;
    const path = p.split(QUERY)[0].split('?')[0];
    return path.startsWith('/api/') ? path : null;
  };
  const methodOf = (init: ts.Expression | undefined): string | null => {
    if (!init || !ts.isObjectLiteralExpression(init)) return null;
    for (const p of init.properties)
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'method')
        return ts.isStringLiteral(p.initializer) ? p.initializer.text.toUpperCase() : null;
    return null;
  };

  const calls: WebCall[] = [];
  const seen = new Set<ts.Node>();
  const add = (node: ts.Node, method: string, path: string) =>
    calls.push({ file, line: src.getLineAndCharacterOfPosition(node.getStart()).line + 1, method, path });
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && n.arguments.length) {
      const callee = n.expression;
      const arg = n.arguments[0];
      let method: string | null = null;
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
        if (callee.expression.text === 'http') method = HTTP_METHODS[callee.name.text] ?? null;
      } else if (ts.isIdentifier(callee)) {
        if (callee.text === 'uploadWorkbook') method = 'POST';
        else if (callee.text === 'downloadFile') method = methodOf(n.arguments[2]) ?? 'GET';
        else if (callee.text === 'fetch') method = methodOf(n.arguments[1]) ?? 'GET';
      }
      const path = method ? clean(pattern(arg)) : null;
      if (method && path) {
        add(n, method, path);
        seen.add(arg);
        if (ts.isIdentifier(arg)) seen.add(variables.get(arg.text)!);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  // Addresses built for links and downloads (and the builders above): the path must exist, whatever the method.
  const loose = (n: ts.Node) => {
    if (seen.has(n)) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) {
      const path = clean(pattern(n));
      if (path) add(n, 'ANY', path);
      return;
    }
    ts.forEachChild(n, loose);
  };
  loose(src);
  return calls;
}

const segments = (p: string) => p.split('/').filter(Boolean);
const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** One segment of the web's path against one of the server's: `{}` (the web's `${…}`) and `{name}` (the server's
 *  parameter) each stand for any text. */
function segmentMatches(web: string, server: string): boolean {
  if (web === server) return true;
  const webRe = new RegExp(`^${web.split('{}').map(escape).join('.+')}$`);
  const serverRe = new RegExp(
    `^${server
      .split(/\{[^}]+\}/)
      .map(escape)
      .join('.+')}$`,
  );
  return webRe.test(server) || serverRe.test(web.replaceAll('{}', 'x'));
}

/** Whether the server has the call's route: the same number of segments, each matching, and the method (or any). */
export function routeExists(call: Pick<WebCall, 'method' | 'path'>, routes: Record<string, string[]>): boolean {
  const web = segments(call.path);
  return Object.entries(routes).some(([path, methods]) => {
    const server = segments(path);
    return (
      server.length === web.length &&
      web.every((s, i) => segmentMatches(s, server[i])) &&
      (call.method === 'ANY' || methods.includes(call.method))
    );
  });
}

function allWebCalls(): WebCall[] {
  return readdirSync(API_DIR)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => webCalls(f, readFileSync(join(API_DIR, f), 'utf8')));
}

describe('the matcher', () => {
  const routes = {
    '/api/agreements/{id}': ['GET', 'PATCH', 'DELETE'],
    '/api/agreements/{id}/actions': ['POST'],
    '/api/campaigns/{year}/forms/{kind}/template.xlsx': ['GET'],
    '/api/catalogue/open-data.{format}': ['GET'],
  };
  it('finds a route by its parameters, the method and a file name made of a parameter', () => {
    expect(routeExists({ method: 'POST', path: '/api/agreements/{}/actions' }, routes)).toBe(true);
    expect(routeExists({ method: 'ANY', path: '/api/campaigns/{}/forms/{}/template.xlsx' }, routes)).toBe(true);
    expect(routeExists({ method: 'GET', path: '/api/catalogue/open-data.{}' }, routes)).toBe(true);
  });
  it('refuses a wrong path, a wrong method and a path of another length', () => {
    expect(routeExists({ method: 'POST', path: '/api/agreement/{}/actions' }, routes)).toBe(false);
    expect(routeExists({ method: 'PUT', path: '/api/agreements/{}' }, routes)).toBe(false);
    expect(routeExists({ method: 'GET', path: '/api/agreements/{}/actions/x' }, routes)).toBe(false);
    expect(routeExists({ method: 'GET', path: '/api/campaigns/{}/forms/{}/templates.xlsx' }, routes)).toBe(false);
  });
  it('reads the calls of a module: methods, ${…} parts, address builders, query strings cut off', () => {
    const text = [
      'const base = (id: number) => `/api/agreements/${id}`;',
      'export const api = {',
      '  get: (id: number) => http.get<X>(base(id)),',
      '  act: (id: number) => http.post<X>(`${base(id)}/actions`, {}),',
      '  remove: (id: number, v: number) => http.del<X>(`${base(id)}?version=${v}`),',
      "  list: (q: Q) => http.get<X>('/api/agreements/list', q),",
      '  file: (q: Q) => `/api/agreement/export.xlsx${toQueryString(q)}`,',
      "  up: (f: File) => uploadWorkbook<X>('/api/agreements/import', f, () => {}),",
      '};',
    ].join('\n');
    const calls = webCalls('x.ts', text).map((c) => `${c.method} ${c.path}`);
    expect(calls.sort()).toEqual(
      [
        'GET /api/agreements/{}',
        'POST /api/agreements/{}/actions',
        'DELETE /api/agreements/{}',
        'GET /api/agreements/list',
        'POST /api/agreements/import',
        'ANY /api/agreements/{}',
        'ANY /api/agreement/export.xlsx',
      ].sort(),
    );
    const missing = webCalls('x.ts', text).filter((c) => !routeExists(c, routes));
    // (GET /api/agreements/list is a GET of /api/agreements/{id} to the server, as it would be to Fastify.)
    expect(missing.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      'ANY /api/agreement/export.xlsx',
      'POST /api/agreements/import',
    ]);
  });
});

describe('every call of the web has its route on the server', () => {
  let database: Database;
  let routes: Record<string, string[]>;
  let doc: { paths?: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    database = await freshDatabase();
    const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent' }), db: database });
    await app.ready();
    doc = app.swagger() as typeof doc;
    routes = Object.fromEntries(
      Object.entries(doc.paths ?? {}).map(([p, ops]) => [p, Object.keys(ops).map((m) => m.toUpperCase())]),
    );
    await app.close();
  });
  afterAll(() => database?.close());

  it('reads the web modules (so an empty scan cannot pass)', () => {
    const calls = allWebCalls();
    expect(calls.length).toBeGreaterThan(200);
    expect(new Set(calls.map((c) => c.file)).size).toBeGreaterThan(20);
  });

  it('finds each method and path in the OpenAPI document', () => {
    const missing = allWebCalls()
      .filter((c) => !routeExists(c, routes))
      .map((c) => `${c.file}:${c.line} ${c.method} ${c.path}`);
    expect(missing).toEqual([]);
  });

  // A route that answers `z.any()` gives the web no field to check against; every success answer names its fields
  // (or is a file: a binary string, fileOut in the domain contracts). 304 (not modified) and 204 carry no body.
  it('gives every success answer a schema with its fields (or a file)', () => {
    const loose: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths ?? {}))
      for (const [method, op] of Object.entries(ops))
        for (const [status, r] of Object.entries(op.responses ?? {})) {
          if (!/^2\d\d$/.test(status) || status === '204') continue;
          const schemas = Object.values(r.content ?? {}).map((c) => c.schema ?? {});
          if (!schemas.length || schemas.some((x) => Object.keys(x).filter((k) => k !== 'description').length === 0))
            loose.push(`${method.toUpperCase()} ${path} ${status}`);
        }
    expect(loose).toEqual([]);
  });
});
