import { Readable } from 'node:stream';
import type { AppCore } from '../core/app-core-api';
import { isAppError } from '../../shared/errors';
import { parseByteRange, sliceBytes } from '../../shared/http-range';
import { APP_HOST, APP_SCHEME, CONTENT_PATH } from './app-origin';
import { RENDERER_CSP } from '../../shared/renderer-csp';
import { readStatic } from './static-files';
import type { FirstScreenSeed } from '../../shared/ipc/first-screen-seed';
import { withFirstScreen } from '../core/first-screen-seed';
import type { FirstScreenPrerender } from '../../shared/ipc/first-screen-prerender';

/**
 * `shelf` must be registered as privileged before `app` is ready: standard (real origin and
 * relative URLs), secure (a secure context, like https), fetch and streaming (media seeking).
 */
export const SHELF_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    stream: true,
    codeCache: true,
  },
} as const;

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

const STATUS_OF_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  NOT_SIGNED_IN: 401,
  LICENSE_INVALID: 403,
  LICENSE_LOCKED: 423,
  CONTENT_NOT_DOWNLOADED: 409,
  CONTENT_CORRUPT: 422,
};

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export interface ShelfProtocolOptions {
  openContent: AppCore['openContent'];
  /** The first screen's answers, written into index.html (core/first-screen-seed.ts). */
  firstScreenSeed: () => Promise<FirstScreenSeed>;
  /** Its markup, made from them, when the renderer's prerender is built (core/first-screen-prerender.ts). */
  prerender?: FirstScreenPrerender | null;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  onUnexpected?: (error: unknown) => void;
}

/**
 * The `protocol.handle('shelf', …)` handler: `shelf://app/…` serves the built renderer,
 * `shelf://app/bridge/content/<id>` streams a decrypted content straight from the vault (the bytes exist
 * only in memory, never as a plaintext file), with single byte ranges for media seeking.
 */
export function createShelfProtocolHandler(
  options: ShelfProtocolOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return text(405, 'Method not allowed');
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return text(404, 'Not found');
    if (url.pathname.startsWith(CONTENT_PATH)) {
      let contentId: string;
      try {
        contentId = decodeURIComponent(url.pathname.slice(CONTENT_PATH.length));
      } catch {
        return text(404, 'Not found');
      }
      return serveContent(options, contentId, request.headers.get('range'));
    }
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) return text(404, 'Not found');
    if (file.mime.startsWith('text/html') && request.method === 'GET') {
      const html = await withFirstScreen(
        file.body.toString('utf8'),
        options.firstScreenSeed,
        options.prerender ?? null,
        (error) => options.onUnexpected?.(error),
      );
      return new Response(html, { headers: { ...SECURITY_HEADERS, 'Content-Type': file.mime } });
    }
    return new Response(new Uint8Array(file.body), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.mime },
    });
  };
}

async function serveContent(
  options: ShelfProtocolOptions,
  contentId: string,
  rangeHeader: string | null,
): Promise<Response> {
  let opened;
  try {
    opened = await options.openContent(contentId);
  } catch (error) {
    if (isAppError(error)) return text(STATUS_OF_CODE[error.code] ?? 400, error.message);
    options.onUnexpected?.(error);
    return text(500, 'The content could not be opened.');
  }
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': opened.mime,
    'Accept-Ranges': 'bytes',
    'Content-Disposition': 'inline',
    // Opened as a document, a content gets no script and an opaque origin. PDFs too: pdf.js draws
    // them in the app (docs/design.md §11.3), Chromium's viewer is never used.
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
  const range = parseByteRange(rangeHeader, opened.size);
  if (range === 'unsatisfiable') {
    opened.stream.destroy();
    return new Response(null, {
      status: 416,
      headers: { ...headers, 'Content-Range': `bytes */${opened.size}` },
    });
  }
  if (range === null) {
    headers['Content-Length'] = String(opened.size);
    return new Response(Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers,
    });
  }
  headers['Content-Length'] = String(range.end - range.start + 1);
  headers['Content-Range'] = `bytes ${range.start}-${range.end}/${opened.size}`;
  const sliced = Readable.from(sliceBytes(opened.stream, range));
  sliced.on('close', () => opened.stream.destroy());
  return new Response(Readable.toWeb(sliced) as ReadableStream<Uint8Array>, {
    status: 206,
    headers,
  });
}
