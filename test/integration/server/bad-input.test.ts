import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName, RouteSpec } from '../../../shared/api/routes';
import { routes } from '../../../shared/api/routes';
import { problemSchema } from '../../../shared/errors';
import { routeBodyLimit } from '../../../server/http/route-table';
import { buy, publishProduct, validRouteBodies } from '../../fixtures/server-catalog';
import type { Answer, TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';

const SQL = "' OR 1=1; DROP TABLE users; --";
const JUNK: unknown[] = [
  null,
  12,
  -1,
  1.5e300,
  true,
  [],
  {},
  '',
  'x'.repeat(5000),
  SQL,
  '../../etc/passwd',
  '\u0000',
  '<script>alert(1)</script>',
];
const BAD_PARAMS = [
  encodeURIComponent(SQL),
  '..%2F..%2Fetc%2Fpasswd',
  '....%2F%2F....%2F%2F',
  'null',
  '%00',
  'x'.repeat(300),
  '%E0%A4%A',
  randomUUID(),
];
const BAD_QUERY = ['abc', '-1', '1e999', SQL, '../../etc', '%00', 'x'.repeat(500), '[]'];

interface Case {
  label: string;
  method: string;
  path: string;
  token?: string | undefined;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  expectStatus?: number;
  expectCode?: string;
}

describe.each(ENGINES)('bad input on %s', (engine) => {
  let ts: TestServer;
  let user: TestUser;
  let valid: Partial<Record<RouteName, Record<string, unknown>>>;

  beforeAll(async () => {
    ts = await startTestServer(engine);
    user = await newUser(ts);
    const product = await publishProduct(ts, { versions: 2 });
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    valid = validRouteBodies({
      user,
      buyableContentId: product.contentIds[1] ?? '',
      licenseId: bought.license.licenseId,
    });
  });
  afterAll(async () => {
    await ts?.close();
  });

  function tokenFor(spec: RouteSpec) {
    return spec.auth === 'admin' ? ts.adminToken : spec.auth === 'user' ? user.token : undefined;
  }

  function pathWith(spec: RouteSpec, value: string) {
    return spec.path.replace(/:(\w+)/g, () => value);
  }

  function casesFor(name: RouteName): Case[] {
    const spec: RouteSpec = routes[name];
    const token = tokenFor(spec);
    const path = pathWith(spec, randomUUID());
    const cases: Case[] = [];
    if (spec.params) {
      for (const p of BAD_PARAMS)
        cases.push({
          label: `param ${p.slice(0, 20)}`,
          method: spec.method,
          path: pathWith(spec, p),
          token,
          body: valid[name],
        });
    }
    if (spec.query) {
      const keys = Object.keys((spec.query as unknown as { shape: Record<string, unknown> }).shape);
      for (const key of keys) {
        for (const v of BAD_QUERY)
          cases.push({
            label: `query ${key}=${v.slice(0, 10)}`,
            method: spec.method,
            path: `${path}?${key}=${encodeURIComponent(v)}`,
            token,
          });
        cases.push({
          label: `query ${key} twice`,
          method: spec.method,
          path: `${path}?${key}=1&${key}=2`,
          token,
        });
      }
    }
    if (spec.method === 'POST' || spec.method === 'PUT' || spec.method === 'DELETE') {
      cases.push({
        label: 'malformed JSON',
        method: spec.method,
        path,
        token,
        rawBody: '{"a":',
        contentType: 'application/json',
        expectStatus: 400,
        expectCode: 'VALIDATION_FAILED',
      });
      cases.push({
        label: 'xml',
        method: spec.method,
        path,
        token,
        rawBody: '<a/>',
        contentType: 'application/xml',
        expectStatus: 415,
        expectCode: 'UNSUPPORTED_MEDIA_TYPE',
      });
      if (name !== 'adminPublish') {
        cases.push({
          label: 'huge body',
          method: spec.method,
          path,
          token,
          // Past the route's own limit (a batch or a places push takes more than the default).
          rawBody: JSON.stringify({ a: 'x'.repeat((routeBodyLimit(name) ?? 64 * 1024) + 1) }),
          contentType: 'application/json',
          expectStatus: 413,
          expectCode: 'PAYLOAD_TOO_LARGE',
        });
      }
      cases.push({
        label: 'proto pollution',
        method: spec.method,
        path,
        token,
        rawBody: '{"__proto__":{"admin":true}}',
        contentType: 'application/json',
      });
    }
    if (spec.body) {
      const sample = valid[name] ?? {};
      for (const raw of ['[]', '"text"', '123', 'null', '{}', 'true']) {
        cases.push({
          label: `body ${raw}`,
          method: spec.method,
          path,
          token,
          rawBody: raw,
          contentType: 'application/json',
          expectStatus: 400,
          expectCode: 'VALIDATION_FAILED',
        });
      }
      for (const field of Object.keys(sample)) {
        const { [field]: _drop, ...missing } = sample;
        cases.push({ label: `missing ${field}`, method: spec.method, path, token, body: missing });
        for (const junk of JUNK) {
          cases.push({
            label: `${field}=${JSON.stringify(junk).slice(0, 20)}`,
            method: spec.method,
            path,
            token,
            body: { ...sample, [field]: junk },
          });
        }
      }
    }
    return cases;
  }

  function expectProblem(answer: Answer, c: Case) {
    const where = `${c.method} ${c.path.slice(0, 80)} (${c.label}) → ${answer.status} ${answer.text.slice(0, 200)}`;
    expect(answer.status, where).toBeLessThan(500);
    if (c.expectStatus !== undefined) expect(answer.status, where).toBe(c.expectStatus);
    if (answer.status >= 400) {
      expect(answer.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
      const problem = problemSchema.parse(answer.json);
      expect(problem.status).toBe(answer.status);
      if (c.expectCode) expect(problem.code, where).toBe(c.expectCode);
    }
  }

  it.each(Object.keys(routes) as RouteName[])(
    '%s: bad input only ever yields 4xx problem+json',
    async (name) => {
      for (const c of casesFor(name)) {
        const headers: Record<string, string> = c.contentType
          ? { 'content-type': c.contentType }
          : {};
        const answer = await http(ts.url, c.method, c.path, {
          token: c.token,
          body: c.body,
          rawBody: c.rawBody,
          headers,
        });
        expectProblem(answer, c);
      }
    },
  );

  it('unknown ids are 404, path-traversal and SQL-looking ids are 400, and the server still answers', async () => {
    const unknown = randomUUID();
    for (const path of [
      `/v1/catalog/${unknown}`,
      `/v1/contents/${unknown}/file`,
      `/v1/licenses/${unknown}/return-quote`,
    ]) {
      const answer = await http(ts.url, 'GET', path, { token: user.token });
      expect(answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    for (const path of [
      '/v1/catalog/..%2F..%2Fetc%2Fpasswd',
      `/v1/contents/${encodeURIComponent(SQL)}/file`,
    ]) {
      const answer = await http(ts.url, 'GET', path, { token: user.token });
      expect(answer.json).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
    for (const path of [
      '/v1/../../etc/passwd',
      '/v1/catalog/%',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/v1/nope',
    ]) {
      const answer = await http(ts.url, 'GET', path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
      problemSchema.parse(answer.json);
    }
    // SQL-looking text is just text: it finds only titles that contain it literally (the table
    // test above published some), and LIKE wildcards match themselves.
    const search = await ok(ts.url, 'listCatalog', { query: { q: SQL, limit: 100 } });
    for (const item of search.items) expect(`${item.title} ${item.creator}`).toContain(SQL);
    const likeAll = await ok(ts.url, 'listCatalog', { query: { q: '%_', limit: 100 } });
    expect(likeAll.items).toEqual([]);
    const nul = await http(ts.url, 'GET', '/v1/catalog?q=%00');
    expect(nul.json).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await ok(ts.url, 'health')).status).toBe('ok');
    // The users table survived every SQL-looking string.
    expect(
      (await ok(ts.url, 'listLicenses', { token: user.token })).licenses.length,
    ).toBeGreaterThan(0);
  });
});
