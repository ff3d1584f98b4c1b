import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BRIDGE_SCRIPT_PATH } from '../../shared/ipc/bridge-paths';
import { RENDERER_CSP } from '../../shared/renderer-csp';
import type { FirstScreenSeed } from '../../shared/ipc/first-screen-seed';
import { withFirstScreen } from '../core/first-screen-seed';
import type { FirstScreenPrerender } from '../../shared/ipc/first-screen-prerender';
import { mimeFor, resolveRendererFile } from '../core/renderer-files';
import { BASE_HEADERS, sendProblem } from './http-replies';

/**
 * Vite names every file under assets/ by a hash of its bytes, so a returning page may keep it:
 * a new build is new names (index.html, never cached, names them). `private` because the host
 * answers only its signed-in browser. Without it each start parsed and compiled every script
 * afresh: Chromium keeps compiled code only for scripts it may cache (bench/findings.md).
 */
const HASHED_ASSET_CACHE = 'private, max-age=31536000, immutable';

/**
 * index.html with the bridge script first in <head>, so `window.shelf` exists before the app
 * runs. Deferred: it runs once the document is parsed, before the app's module scripts (which are
 * deferred too, and run in document order after it), so the parser never waits for its download.
 * Blocking, it held the first screen's prerendered markup back by that download (bench/findings.md,
 * first paint, eleventh pass).
 */
export function injectBridgeScript(html: string): string {
  const tag = `<script defer src="${BRIDGE_SCRIPT_PATH}"></script>`;
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tag}`)
    : tag + html;
}

export async function serveRenderer(
  res: ServerResponse,
  root: string,
  urlPath: string,
  head: boolean,
  /** The first screen's answers, written into index.html (core/first-screen-seed.ts). */
  seed: () => Promise<FirstScreenSeed>,
  /** Its markup, made from them, when the renderer's prerender is built. */
  prerender: FirstScreenPrerender | null,
  onUnexpected: (error: unknown, channel: string) => void,
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
  const type = mimeFor(file);
  const headers = {
    ...BASE_HEADERS,
    'Content-Type': type,
    'Content-Security-Policy': RENDERER_CSP,
  };
  if (path.extname(file) === '.html') {
    if (head) return void res.writeHead(200, headers).end();
    const html = injectBridgeScript(await readFile(file, 'utf8'));
    const seeded = await withFirstScreen(html, seed, prerender, onUnexpected);
    res.writeHead(200, headers);
    res.end(seeded);
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Length': String(info.size),
    ...(urlPath.startsWith('/assets/') ? { 'Cache-Control': HASHED_ASSET_CACHE } : {}),
  });
  if (head) return void res.end();
  await pipeline(createReadStream(file), res);
}
