import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pageBridge = path.join(here, '..', '..', 'page-bridge');
const sharedIpc = path.join(here, '..', '..', 'shared', 'ipc');

const common = {
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  legalComments: 'none',
} as const satisfies BuildOptions;

/**
 * esbuild options of the bridge's scripts, shared by scripts/build.ts (with `outdir`) and the
 * on-the-fly build, docs/design.md §7.5: the page's script (window.shelf, zod-free) and its
 * worker (the HTTP transport, zod-free too), classic scripts; then the contract's schemas with
 * zod, an ES module the worker imports by its path as it starts.
 */
export const bridgeBuilds: BuildOptions[] = [
  {
    ...common,
    entryPoints: {
      'browser-bridge': path.join(pageBridge, 'browser-bridge.ts'),
      'bridge-worker': path.join(pageBridge, 'bridge-worker.ts'),
    },
    format: 'iife',
    // BRIDGE_SCHEMAS_PATH: fetched by the worker, not bundled into it.
    external: ['/bridge/*'],
  },
  {
    ...common,
    entryPoints: { 'bridge-schemas': path.join(sharedIpc, 'bridge-schemas.ts') },
    format: 'esm',
  },
];

/** The bridge's scripts, as the host serves them. */
export interface BridgeScripts {
  /** browser-bridge.js: run by the page first. */
  page: string;
  /** bridge-worker.js: the worker it starts. */
  worker: string;
  /** bridge-schemas.js: the module the worker imports as it starts. */
  schemas: string;
}

/**
 * The bridge's code: `prebuilt` (dist/bridge/browser-bridge.js, its worker beside it) when both
 * are present, else a fresh esbuild bundle made in memory, so a host started from sources never
 * serves a stale bridge.
 */
export async function loadBridgeScripts(prebuilt?: string): Promise<BridgeScripts> {
  const beside = (name: string) => prebuilt && path.join(path.dirname(prebuilt), `${name}.js`);
  const files = [prebuilt, beside('bridge-worker'), beside('bridge-schemas')];
  if (files.every((file) => file && existsSync(file))) {
    const [page, worker, schemas] = await Promise.all(
      files.map((file) => readFile(file as string, 'utf8')),
    );
    return { page: page!, worker: worker!, schemas: schemas! };
  }
  const { build } = await import('esbuild');
  const results = await Promise.all(
    bridgeBuilds.map((options) => build({ ...options, outdir: 'bridge', write: false })),
  );
  const text = (name: string) => {
    const output = results
      .flatMap((result) => result.outputFiles ?? [])
      .find((file) => path.basename(file.path) === `${name}.js`);
    if (!output) throw new Error(`esbuild produced no ${name}.js`);
    return output.text;
  };
  return {
    page: text('browser-bridge'),
    worker: text('bridge-worker'),
    schemas: text('bridge-schemas'),
  };
}
