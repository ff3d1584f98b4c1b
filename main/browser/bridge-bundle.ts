import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pageBridge = path.join(here, '..', '..', 'page-bridge');

/**
 * esbuild options of the bridge's two scripts, shared by scripts/build.ts (with `outdir`) and
 * the on-the-fly build: the page's script (window.shelf, zod-free) and its worker (the contract's
 * schemas and the HTTP transport), docs/design.md §7.5.
 */
export const bridgeBuildOptions: BuildOptions = {
  entryPoints: {
    'browser-bridge': path.join(pageBridge, 'browser-bridge.ts'),
    'bridge-worker': path.join(pageBridge, 'bridge-worker.ts'),
  },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  legalComments: 'none',
};

/** The bridge's scripts, as the host serves them. */
export interface BridgeScripts {
  /** browser-bridge.js: run by the page first. */
  page: string;
  /** bridge-worker.js: the worker it starts. */
  worker: string;
}

/**
 * The bridge's code: `prebuilt` (dist/bridge/browser-bridge.js, its worker beside it) when both
 * are present, else a fresh esbuild bundle made in memory, so a host started from sources never
 * serves a stale bridge.
 */
export async function loadBridgeScripts(prebuilt?: string): Promise<BridgeScripts> {
  const prebuiltWorker = prebuilt && path.join(path.dirname(prebuilt), 'bridge-worker.js');
  if (prebuilt && prebuiltWorker && existsSync(prebuilt) && existsSync(prebuiltWorker)) {
    const [page, worker] = await Promise.all([
      readFile(prebuilt, 'utf8'),
      readFile(prebuiltWorker, 'utf8'),
    ]);
    return { page, worker };
  }
  const { build } = await import('esbuild');
  const result = await build({ ...bridgeBuildOptions, outdir: 'bridge', write: false });
  const text = (name: string) => {
    const output = result.outputFiles?.find((file) => path.basename(file.path) === `${name}.js`);
    if (!output) throw new Error(`esbuild produced no ${name}.js`);
    return output.text;
  };
  return { page: text('browser-bridge'), worker: text('bridge-worker') };
}
