import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envKeyProvider } from '../../../main/core/key-provider';
import type { EventSourceLike } from '../../../page-bridge/http-transport';
import { createHttpTransport } from '../../../page-bridge/http-transport';
import type { BrowserApp } from '../../../main/browser/browser-app';
import type { FirstScreenSeed } from '../../../shared/ipc/first-screen-seed';
import type { IpcResult } from '../../../shared/ipc/contract';
import { startBrowserApp } from '../../../main/browser/browser-app';

/**
 * The browser host over real HTTP with the real core (its own temp store and a random key). No
 * license server runs: the server URL points at a closed port, which is what offline looks like.
 */
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let dir: string;
let app: BrowserApp;
let origin: string;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'shelf-host-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>Shelf</title></head><body></body></html>',
  );
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  app = await startBrowserApp({
    dataDir: path.join(dir, 'app'),
    rendererDir,
    serverUrl: 'http://127.0.0.1:9',
    keyProvider: envKeyProvider({ SHELF_STORE_KEY: randomBytes(32).toString('hex') }),
    logger: silent,
    coreOptions: { syncIntervalMs: 0, syncOnStart: false, requestTimeoutMs: 2000 },
  });
  origin = app.host.origin;
  auth = { Authorization: `Bearer ${app.host.secret}` };
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const invoke = (channel: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${origin}/bridge/invoke/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Shelf-Bridge': '1', ...headers },
    body: JSON.stringify(body),
  });

function navigate(pathAndQuery: string): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${pathAndQuery}`,
      { headers: { Accept: 'text/html', 'Sec-Fetch-Mode': 'navigate' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Opens the bridge socket as a browser's handshake would (ws's client sends exactly the headers
 * given, Origin and Host included): its status, and the socket when it opened.
 */
function openSocket(
  headers: Record<string, string>,
): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/bridge/socket`, { headers });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    socket.on('error', reject);
  });
}

/** Sends one text message and resolves with the next: its JSON, or the close's code. */
function overSocket(socket: WebSocket, text: string): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      socket.off('close', onClose);
      resolve(JSON.parse(data.toString('utf8')));
    };
    const onClose = (code: number) => {
      socket.off('message', onMessage);
      resolve({ closed: code });
    };
    socket.once('message', onMessage);
    socket.once('close', onClose);
    socket.send(text);
  });
}

describe('the browser host', () => {
  it('listens on 127.0.0.1 only, and keeps its data private to the user', () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(path.join(dir, 'app')).mode & 0o777).toBe(0o700);
  });

  it('answers 401 problem+json to any request without the secret', async () => {
    for (const response of [
      await invoke('account.get', {}, {}),
      await invoke('account.get', {}, { Authorization: 'Bearer wrong' }),
      await fetch(`${origin}/bridge/events`),
      await fetch(`${origin}/`),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it("answers a browser's page load without a session with a page saying how to get back in", async () => {
    // node:http, not fetch: fetch sets its own Sec-Fetch-Mode, a browser's page load says navigate.
    const page = await navigate('/library');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // Served before any sign-in: no script may run and nothing may load.
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.body).toContain('This browser is not signed in to Shelfkeeper');
    expect(page.body).toContain('Press <kbd>Enter</kbd> there: it prints a new link.');
    expect(page.body).not.toMatch(/<script|npm run/);

    const loginUrl = new URL(app.host.loginUrl());
    expect((await fetch(loginUrl, { redirect: 'manual' })).status).toBe(303);
    const reused = await navigate(loginUrl.pathname + loginUrl.search);
    expect(reused.status).toBe(401);
    expect(reused.body).toContain('This sign-in link was already used');
  });

  it('exchanges a one-time login token for an HttpOnly SameSite=Strict cookie', async () => {
    const loginUrl = app.host.loginUrl();
    const first = await fetch(loginUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // Kept across browser restarts while this host runs (the secret changes with each run).
    expect(cookie).toMatch(/Max-Age=\d+/);
    const again = await fetch(loginUrl, { redirect: 'manual' });
    expect(again.status).toBe(401);
    const page = await fetch(`${origin}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
  });

  it('serves index.html with the bridge script first and a strict CSP', async () => {
    const page = await fetch(`${origin}/library`, { headers: auth });
    const html = await page.text();
    // The first screen's answers first (the bridge looks for them as it runs), then the bridge.
    expect(html).toMatch(
      /<head>\s*<script type="application\/json" id="shelf-first-screen">[^<]*<\/script>\s*<script defer src="\/bridge\/browser-bridge.js"><\/script>/,
    );
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    // Inline styles only, which the EPUB reader's engine writes (docs/design.md §11.2).
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline' blob:;/);
    expect(csp.replace(/style-src [^;]*/, '')).not.toMatch(/unsafe/);
    const script = await fetch(`${origin}/bridge/browser-bridge.js`, { headers: auth });
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('/bridge/bridge-worker.js');
    // The worker that validates every answer runs under the page's own policy.
    const worker = await fetch(`${origin}/bridge/bridge-worker.js`, { headers: auth });
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-security-policy')).toBe(csp);
    const workerScript = await worker.text();
    expect(workerScript).toContain('/bridge/invoke/');
    // Its schemas: modules of their own, the first screen's imported as the worker starts, the
    // rest of the contract after, both over one shared chunk (§7.5).
    for (const name of ['bridge-schemas-first', 'bridge-schemas-shared', 'bridge-schemas'])
      expect(workerScript).toContain(`/bridge/${name}.js`);
    const modules: string[] = [];
    for (const name of ['bridge-schemas-first', 'bridge-schemas-shared', 'bridge-schemas']) {
      const schemas = await fetch(`${origin}/bridge/${name}.js`, { headers: auth });
      expect(schemas.status).toBe(200);
      expect(schemas.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(schemas.headers.get('content-security-policy')).toBe(csp);
      modules.push(await schemas.text());
    }
    const [first, shared, rest] = modules;
    expect(first).toContain('./bridge-schemas-shared.js');
    expect(rest).toContain('./bridge-schemas-shared.js');
    expect(shared).toContain('library.list');
    expect(rest).toContain('account.signIn');
  });

  it("writes the first screen's answers into index.html as the bridge answers them, for its session only", async () => {
    const html = await (await fetch(`${origin}/`, { headers: auth })).text();
    const block = /<script type="application\/json" id="shelf-first-screen">(.*?)<\/script>/.exec(
      html,
    );
    const seed = JSON.parse(block?.[1] ?? 'null') as FirstScreenSeed;
    // Signed out here (no license server): the account and settings only, no library.
    expect(seed.answers.map((a) => a.channel)).toEqual(['account.get', 'settings.get']);
    for (const answer of seed.answers) {
      const called = (await (await invoke(answer.channel, answer.input)).json()) as IpcResult;
      expect(called).toEqual({ ok: true, value: answer.output });
    }
    // Without the session: the signed-out page, which holds no answer.
    const signedOut = await navigate('/');
    expect(signedOut.body).not.toContain('shelf-first-screen');
    expect(signedOut.body).not.toContain('serverUrl');
  });

  it('lets the browser keep the hashed assets, and nothing else', async () => {
    const asset = await fetch(`${origin}/assets/app.js`, { headers: auth });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    for (const other of [
      '/library',
      '/bridge/browser-bridge.js',
      '/bridge/bridge-worker.js',
      '/bridge/bridge-schemas.js',
      '/bridge/bridge-schemas-first.js',
      '/bridge/bridge-schemas-shared.js',
      '/assets/missing.js',
    ]) {
      const res = await fetch(`${origin}${other}`, { headers: auth });
      expect(res.headers.get('cache-control'), other).toBe('no-store');
    }
  });

  it('dispatches calls to the real core and maps bad input to VALIDATION_FAILED', async () => {
    const account = await invoke('account.get', {});
    expect(await account.json()).toMatchObject({
      ok: true,
      value: { signedIn: false, user: null, serverUrl: 'http://127.0.0.1:9' },
    });
    expect(await (await invoke('library.get', { contentId: 'nope' })).json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'contentId' }] },
    });
    expect(await (await invoke('no.such.channel', {})).json()).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });

  it('answers library reads over its bridge socket as over HTTP, only to its own origin with the session', async () => {
    expect((await openSocket({ Origin: origin })).status).toBe(401);
    expect((await openSocket({ ...auth, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await openSocket(auth)).status).toBe(403);
    expect((await openSocket({ ...auth, Origin: origin, Host: 'evil.example' })).status).toBe(403);

    const { status, socket } = await openSocket({ ...auth, Origin: origin });
    expect(status).toBe(101);
    try {
      const input = { sort: 'title', direction: 'asc', offset: 0, limit: 5 };
      const overHttp = await invoke('library.list', input);
      // The same result, and the same event count as the HTTP answer's header.
      expect(
        await overSocket(socket!, JSON.stringify({ id: 7, channel: 'library.list', input })),
      ).toEqual({
        id: 7,
        result: await overHttp.json(),
        seq: Number(overHttp.headers.get('x-shelf-event-seq')),
      });
      expect(
        await overSocket(
          socket!,
          JSON.stringify({ id: 8, channel: 'library.list', input: { ...input, limit: -1 } }),
        ),
      ).toMatchObject({
        id: 8,
        result: { ok: false, error: { code: 'VALIDATION_FAILED', issues: [{ path: 'limit' }] } },
      });
      // Only the library's reads: any other channel closes the socket (policy, 1008).
      expect(
        await overSocket(socket!, JSON.stringify({ id: 9, channel: 'account.get', input: {} })),
      ).toEqual({ closed: 1008 });
    } finally {
      socket!.terminate();
    }
  });

  it('refuses calls without the bridge header, from another origin, or with another Host', async () => {
    expect((await invoke('account.get', {}, { ...auth, 'X-Shelf-Bridge': '' })).status).toBe(403);
    expect(
      (await invoke('account.get', {}, { ...auth, Origin: 'https://evil.example' })).status,
    ).toBe(403);
    const wrongType = await fetch(`${origin}/bridge/invoke/account.get`, {
      method: 'POST',
      headers: { ...auth, 'X-Shelf-Bridge': '1', 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const tooLarge = await invoke('library.list', { query: 'x'.repeat(2 * 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
  });

  it('refuses a request whose Host is not the host itself (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${origin}/`,
        { headers: { ...auth, Host: 'evil.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('streams core events over server-sent events, numbered as the answers count them', async () => {
    const controller = new AbortController();
    const response = await fetch(`${origin}/bridge/events`, {
      headers: auth,
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (done: (text: string) => boolean) => {
      while (!done(text)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += Buffer.from(chunk.value).toString();
      }
    };
    // The stream opens with the number of the last event sent before it (and the newest events
    // the host replays, which the next test looks at).
    await readUntil((t) => /data: \{"seq":\d+,"replay":.*\}\n\n/.test(t));
    const opened = Number(/data: \{"seq":(\d+),"replay"/.exec(text)?.[1]);
    // Signing out always tells the UI its library changed; its answer counts that event.
    const answer = await invoke('account.signOut', {});
    const answeredAt = Number(answer.headers.get('x-shelf-event-seq'));
    await readUntil((t) => t.includes(`data: {"seq":${answeredAt},`));
    controller.abort();
    const sent = [...text.matchAll(/data: \{"seq":(\d+),"event":"([\w.]+)"/g)];
    const signedOut = sent.find(([, , event]) => event === 'library.changed');
    expect(text).toContain('"event":"library.changed","payload":{"reason":"signOut"}}');
    expect(sent.map(([, seq]) => Number(seq))).toEqual(sent.map((_, i) => opened + i + 1));
    expect(Number(signedOut?.[1])).toBeLessThanOrEqual(answeredAt);
    expect(answeredAt).toBe(opened + sent.length);
  });

  it('replays, as a stream opens, an event published after an answer the page holds, and only then', async () => {
    /**
     * The page's HTTP transport over this host, with an event stream that reaches the host only
     * when the test lets it: its request left first (the subscription), the host answered the
     * call before attaching it.
     */
    const page = () => {
      const streams: { open: () => Promise<void> }[] = [];
      const controller = new AbortController();
      const transport = createHttpTransport({
        fetch: ((url: string, init: RequestInit) =>
          fetch(origin + url, {
            ...init,
            headers: { ...(init.headers as Record<string, string>), ...auth },
          })) as typeof fetch,
        EventSource: class implements EventSourceLike {
          onmessage: EventSourceLike['onmessage'] = null;
          onerror: EventSourceLike['onerror'] = null;
          constructor(url: string) {
            streams.push({
              open: async () => {
                const response = await fetch(origin + url, {
                  headers: auth,
                  signal: controller.signal,
                });
                const reader = response.body!.getReader();
                let text = '';
                /** Hands on the messages a chunk completes: how many, or -1 once it ended. */
                const read = async () => {
                  try {
                    const chunk = await reader.read();
                    if (chunk.done) return -1;
                    text += Buffer.from(chunk.value).toString();
                  } catch {
                    return -1; // closed by the test
                  }
                  const messages = text.split('\n\n');
                  text = messages.pop() ?? '';
                  for (const message of messages) {
                    const data = /^data: (.*)$/m.exec(message)?.[1];
                    if (data) this.onmessage?.({ data });
                  }
                  return messages.length;
                };
                // Resolves once the opening message was handed on; later ones as they come.
                while ((await read()) === 0);
                void (async () => {
                  while ((await read()) >= 0);
                })();
              },
            });
          }
          close() {
            controller.abort();
          }
        },
      });
      const heard: unknown[] = [];
      transport.subscribe('library.changed', (payload) => heard.push(payload));
      return { transport, heard, open: () => streams[0]!.open(), close: () => controller.abort() };
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

    const seqNow = async () =>
      Number((await invoke('account.get', {})).headers.get('x-shelf-event-seq'));
    const first = page();
    expect(await first.transport.invoke('account.get', {})).toMatchObject({ ok: true });
    const answeredAt = await seqNow();
    // Published after that answer, before the host attached the page's stream: on no stream.
    // (Within 100 ms of the last test's, it goes out when that window ends: waited for.)
    expect((await invoke('account.signOut', {})).status).toBe(200);
    for (let tries = 0; tries < 100 && (await seqNow()) === answeredAt; tries += 1) await settle();
    await first.open();
    await settle();
    expect(first.heard).toEqual([{ reason: 'signOut' }]);
    first.close();

    // A page whose answers were made after it (every page's start): replayed, and dropped.
    const second = page();
    expect(await second.transport.invoke('account.get', {})).toMatchObject({ ok: true });
    await second.open();
    await settle();
    expect(second.heard).toEqual([]);
    second.close();
  });

  it('answers a content that is not there with a problem, not a crash', async () => {
    const response = await fetch(`${origin}/bridge/content/0b7c6d0e-1111-4222-8333-444455556666`, {
      headers: auth,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a malformed percent-escape in a bridge path with a 4xx problem, not a 500', async () => {
    for (const response of [
      await invoke('account.%E0%A4%A', {}),
      await fetch(`${origin}/bridge/content/%E0%A4%A`, { headers: auth }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe("the browser host's first-screen prerender (a build in its own folder)", () => {
  /** A host whose renderer has a root to fill, with `module` as its prerender build. */
  async function hostWith(module: string | null) {
    const folder = mkdtempSync(path.join(tmpdir(), 'shelf-prerender-'));
    const rendererDir = path.join(folder, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><html lang="en"><head><title>Shelf</title></head><body><div id="root"></div></body></html>',
    );
    const prerenderDir = path.join(folder, 'prerender');
    mkdirSync(prerenderDir);
    if (module !== null)
      writeFileSync(path.join(prerenderDir, 'first-screen-prerender.js'), module);
    const errors: unknown[] = [];
    const started = await startBrowserApp({
      dataDir: path.join(folder, 'app'),
      rendererDir,
      prerenderDir,
      serverUrl: 'http://127.0.0.1:9',
      keyProvider: envKeyProvider({ SHELF_STORE_KEY: randomBytes(32).toString('hex') }),
      logger: { ...silent, error: (...args: unknown[]) => errors.push(args) },
      coreOptions: { syncIntervalMs: 0, syncOnStart: false, requestTimeoutMs: 2000 },
    });
    const page = async () =>
      (
        await fetch(`${started.host.origin}/`, {
          headers: { Authorization: `Bearer ${started.host.secret}` },
        })
      ).text();
    return {
      page,
      errors,
      close: async () => {
        await started.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }

  it('serves index.html with the markup its prerender makes from the seed', async () => {
    const host = await hostWith(
      'export function prerenderFirstScreen(seed) {' +
        " return { root: '<p>' + seed.answers.map((a) => a.channel).join(',') + '</p>', theme: 'light' }; }",
    );
    try {
      const html = await host.page();
      expect(html).toContain('<html data-theme="light" lang="en">');
      expect(html).toContain(
        '<div id="root"><div data-prerendered inert><p>account.get,settings.get</p></div></div>',
      );
      expect(html).toContain('id="shelf-first-screen"');
      expect(host.errors).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it('serves the seed alone when its prerender is not built, cannot load, or throws', async () => {
    for (const module of [
      null,
      'export const somethingElse = 1;',
      'export function prerenderFirstScreen() { throw new Error("a component threw"); }',
    ]) {
      const host = await hostWith(module);
      try {
        const html = await host.page();
        expect(html).toContain('id="shelf-first-screen"');
        expect(html).toContain('<div id="root"></div>');
        expect(html).not.toContain('data-prerendered');
        expect(host.errors).toHaveLength(module === null ? 0 : 1);
      } finally {
        await host.close();
      }
    }
  });
});
