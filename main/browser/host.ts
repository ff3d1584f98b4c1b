import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AppCore, CoreLogger } from '../core/app-core-api';
import { dispatch } from '../../shared/ipc/bridge';
import {
  BRIDGE_CONTENT_PATH,
  BRIDGE_EVENTS_PATH,
  BRIDGE_EVENT_SEQ_HEADER,
  BRIDGE_HEADER,
  BRIDGE_INVOKE_PATH,
  BRIDGE_SCRIPT_PATH,
  BRIDGE_SCHEMAS_FIRST_PATH,
  BRIDGE_SCHEMAS_PATH,
  BRIDGE_SCHEMAS_SHARED_PATH,
  BRIDGE_SOCKET_PATH,
  BRIDGE_WORKER_PATH,
} from '../../shared/ipc/bridge-paths';
import { bridgeSocketServer } from './bridge-socket';
import type { BridgeScripts } from './bridge-bundle';
import { serveContent } from './content-route';
import { EventHub } from './event-hub';
import { HostSession } from './host-session';
import { BASE_HEADERS, sendJson, sendProblem } from './http-replies';
import { readJsonBody } from './read-json-body';
import { sendSignedOutPage, wantsPage } from './signed-out-page';
import { serveRenderer } from './static-renderer';
import { firstScreenSeed } from '../core/first-screen-seed';
import { loadFirstScreenPrerender } from '../core/first-screen-prerender';
import { RENDERER_CSP } from '../../shared/renderer-csp';

export interface BrowserHostOptions {
  core: Pick<AppCore, 'handlers' | 'subscribe' | 'openContent'>;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /**
   * The built first-screen prerender (dist/prerender), whose markup index.html then comes with
   * (core/first-screen-prerender.ts); without it, the seed alone.
   */
  prerenderDir?: string;
  /** The bridge's scripts (dist/bridge/browser-bridge.js and its worker, or built on the fly). */
  bridgeScripts: BridgeScripts;
  /** 0 (default) picks a free port. The host only ever listens on 127.0.0.1. */
  port?: number;
  logger: CoreLogger;
}

export interface BrowserHost {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly port: number;
  /** A URL that signs a browser in once (a fresh one-time token per call). */
  loginUrl(): string;
  /** The per-run secret, for programmatic clients (`Authorization: Bearer`). Never log it. */
  readonly secret: string;
  close(): Promise<void>;
}

/**
 * The browser host: the app core and the IPC contract over HTTP on 127.0.0.1, for running and
 * testing the UI where Electron cannot start. Every request but the login exchange needs the
 * per-run secret; calls go through the same `dispatch` as Electron's IPC handlers.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const hub = new EventHub();
  // The bridge worker's script and the schema modules it imports (bridge-bundle.ts).
  const scripts = options.bridgeScripts;
  const workerScripts = new Map([
    [BRIDGE_WORKER_PATH, scripts.worker],
    [BRIDGE_SCHEMAS_FIRST_PATH, scripts.schemasFirst],
    [BRIDGE_SCHEMAS_SHARED_PATH, scripts.schemasShared],
    [BRIDGE_SCHEMAS_PATH, scripts.schemas],
  ]);
  let session: HostSession | null = null;
  let origin = '';
  const onUnexpected = (error: unknown, channel: string) =>
    options.logger.error('Bridge call failed', {
      channel,
      err: error instanceof Error ? error.message : String(error),
    });

  const prerender = await loadFirstScreenPrerender(options.prerenderDir, (error) =>
    onUnexpected(error, 'first-screen prerender'),
  );

  const server: Server = createServer((req, res) => {
    if (!session) return sendProblem(res, 'INTERNAL');
    handle(req, res, session).catch((error: unknown) => {
      // The path only: the query may hold a one-time login token, which is never logged.
      onUnexpected(error, (req.url ?? '').split('?')[0] ?? '');
      sendProblem(res, 'INTERNAL');
    });
  });

  // Upgraded sockets are no longer the server's connections: closeAllConnections misses them.
  const bridgeSocket = bridgeSocketServer({
    origin: () => origin,
    isAuthorized: (r) => session?.isAuthorized(r.headers) ?? false,
    dispatch: (channel, input) => dispatch(options.core.handlers, channel, input, onUnexpected),
    eventSeq: () => hub.seq,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!session || (req.url ?? '').split('?')[0] !== BRIDGE_SOCKET_PATH)
      return void socket.destroy();
    bridgeSocket.upgrade(req, socket, head);
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    auth: HostSession,
  ): Promise<void> {
    // DNS rebinding: a page of another site resolved to 127.0.0.1 still says its own Host.
    if (req.headers.host !== new URL(origin).host)
      return sendProblem(res, 'FORBIDDEN', 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';

    const token = url.searchParams.get('token');
    if (method === 'GET' && url.pathname === '/' && token !== null) {
      if (!auth.redeem(token)) {
        if (wantsPage(req.headers)) return sendSignedOutPage(res, 'link-used');
        return sendProblem(
          res,
          'UNAUTHENTICATED',
          'This sign-in link was already used or is not valid.',
        );
      }
      res.writeHead(303, { ...BASE_HEADERS, 'Set-Cookie': auth.setCookieHeader(), Location: '/' });
      return void res.end();
    }
    if (!auth.isAuthorized(req.headers)) {
      if (method === 'GET' && wantsPage(req.headers)) return sendSignedOutPage(res, 'no-session');
      return sendProblem(
        res,
        'UNAUTHENTICATED',
        'This browser is not signed in to Shelfkeeper: open the link it printed in its terminal (press Enter there for a new one).',
      );
    }

    if (url.pathname.startsWith(BRIDGE_INVOKE_PATH)) {
      if (method !== 'POST') return sendProblem(res, 'NOT_FOUND');
      if (req.headers[BRIDGE_HEADER.toLowerCase()] !== '1')
        return sendProblem(res, 'FORBIDDEN', `The ${BRIDGE_HEADER} header is required.`);
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin)
        return sendProblem(res, 'FORBIDDEN', 'Cross-origin call refused.');
      const body = await readJsonBody(req);
      if (!body.ok) return sendProblem(res, body.code, body.detail);
      const channel = decodePathPart(url.pathname.slice(BRIDGE_INVOKE_PATH.length));
      if (channel === null) return sendProblem(res, 'NOT_FOUND');
      const result = await dispatch(options.core.handlers, channel, body.value, onUnexpected);
      // Read after the call: the events it caused are published by then. This holds the answer
      // as made after every event numbered up to it, so a handler that reads its state and then
      // awaits must not answer from that read (an event in between would be taken as held;
      // shared/ipc/late-listeners.ts drops a replay so reflected). The boot's read handlers are
      // synchronous.
      return sendJson(res, 200, result, { [BRIDGE_EVENT_SEQ_HEADER]: String(hub.seq) });
    }
    if (method !== 'GET' && method !== 'HEAD') return sendProblem(res, 'NOT_FOUND');
    if (url.pathname === BRIDGE_EVENTS_PATH) return hub.attach(res);
    if (url.pathname === BRIDGE_SCRIPT_PATH) {
      res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8' });
      return void res.end(method === 'HEAD' ? undefined : options.bridgeScripts.page);
    }
    const workerScript = workerScripts.get(url.pathname);
    if (workerScript !== undefined) {
      // A worker runs under its own script's policy: the page's, so no eval there either.
      res.writeHead(200, {
        ...BASE_HEADERS,
        'Content-Type': 'text/javascript; charset=utf-8',
        'Content-Security-Policy': RENDERER_CSP,
      });
      return void res.end(method === 'HEAD' ? undefined : workerScript);
    }
    if (url.pathname.startsWith(BRIDGE_CONTENT_PATH)) {
      const contentId = decodePathPart(url.pathname.slice(BRIDGE_CONTENT_PATH.length));
      if (contentId === null) return sendProblem(res, 'NOT_FOUND');
      return serveContent(
        res,
        options.core.openContent,
        contentId,
        req.headers.range,
        method === 'HEAD',
        (error) => onUnexpected(error, 'content'),
        url.searchParams.get('download') === '1',
      );
    }
    if (url.pathname.startsWith('/bridge/')) return sendProblem(res, 'NOT_FOUND');
    return serveRenderer(
      res,
      options.rendererDir,
      url.pathname,
      method === 'HEAD',
      () => firstScreenSeed(options.core.handlers, onUnexpected),
      prerender,
      onUnexpected,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const ready = new HostSession(port);
  session = ready;
  const unsubscribe = options.core.subscribe((event, payload) => hub.publish(event, payload));

  return {
    origin,
    port,
    secret: ready.secret,
    loginUrl: () => `${origin}/?token=${ready.mintLoginToken()}`,
    async close() {
      unsubscribe();
      hub.close();
      server.closeAllConnections();
      bridgeSocket.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A percent-decoded path segment, or null for a malformed escape (a 404, not a thrown 500). */
function decodePathPart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
