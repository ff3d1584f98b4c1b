import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BRIDGE_SCRIPT_PATH } from './bridge-paths';
import { BROWSER_HOST_CSP } from './csp';
import { BASE_HEADERS, sendProblem } from './http-replies';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * The file under `root` for a URL path, or null if it would leave `root`. Paths without an
 * extension are client-side routes of the single-page renderer: index.html.
 */
export function resolveRendererFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.extname(decoded) === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  return resolved.startsWith(path.resolve(root) + path.sep) ? resolved : null;
}

/** index.html with the bridge script first in <head>, so `window.shelf` exists before the app runs. */
export function injectBridgeScript(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tag}`)
    : tag + html;
}

export async function serveRenderer(
  res: ServerResponse,
  root: string,
  urlPath: string,
  head: boolean,
): Promise<void> {
  const file = resolveRendererFile(root, urlPath);
  if (!file) return sendProblem(res, 'NOT_FOUND');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile())
    return sendProblem(
      res,
      'NOT_FOUND',
      path.basename(file) === 'index.html'
        ? 'The renderer is not built (npm run build).'
        : undefined,
    );
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers = {
    ...BASE_HEADERS,
    'Content-Type': type,
    'Content-Security-Policy': BROWSER_HOST_CSP,
  };
  if (path.extname(file) === '.html') {
    const html = injectBridgeScript(await readFile(file, 'utf8'));
    res.writeHead(200, headers);
    res.end(head ? undefined : html);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(info.size) });
  if (head) return void res.end();
  await pipeline(createReadStream(file), res);
}
