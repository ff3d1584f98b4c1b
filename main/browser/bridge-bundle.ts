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
 * zod, ES modules the worker imports by their paths: the first screen's schemas first, the rest
 * of the contract after. Split by esbuild, so what both share (zod and the first screen's schemas)
 * is one chunk, built once in the worker; its name is fixed (BRIDGE_SCHEMAS_SHARED_PATH), and a
 * build that would need a second chunk fails rather than serve one the host does not know.
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
    entryPoints: {
      'bridge-schemas-first': path.join(sharedIpc, 'bridge-schemas-first.ts'),
      'bridge-schemas': path.join(sharedIpc, 'bridge-schemas.ts'),
    },
    format: 'esm',
    splitting: true,
    chunkNames: 'bridge-schemas-shared',
  },
];

/** The bridge's scripts, as the host serves them. */
export interface BridgeScripts {
  /** browser-bridge.js: run by the page first. */
  page: string;
  /** bridge-worker.js: the worker it starts. */
  worker: string;
  /** bridge-schemas-first.js: the first screen's schemas, which the worker imports as it starts. */
  schemasFirst: string;
  /** bridge-schemas.js: the whole contract, imported after. */
  schemas: string;
  /** bridge-schemas-shared.js: the code both schema modules import (zod, the first screen's). */
  schemasShared: string;
}

const SCRIPT_NAMES = {
  page: 'browser-bridge',
  worker: 'bridge-worker',
  schemasFirst: 'bridge-schemas-first',
  schemas: 'bridge-schemas',
  schemasShared: 'bridge-schemas-shared',
} as const satisfies Record<keyof BridgeScripts, string>;
const SCRIPT_KEYS = Object.keys(SCRIPT_NAMES) as (keyof BridgeScripts)[];

function scriptsFrom(text: (name: string) => string): BridgeScripts {
  const scripts = {} as BridgeScripts;
  for (const key of SCRIPT_KEYS) scripts[key] = text(SCRIPT_NAMES[key]);
  return scripts;
}

/**
 * The bridge's code: `prebuilt` (dist/bridge/browser-bridge.js, its worker beside it) when both
 * are present, else a fresh esbuild bundle made in memory, so a host started from sources never
 * serves a stale bridge.
 */
export async function loadBridgeScripts(prebuilt?: string): Promise<BridgeScripts> {
  const dir = prebuilt && path.dirname(prebuilt);
  const files = SCRIPT_KEYS.map((key) => dir && path.join(dir, `${SCRIPT_NAMES[key]}.js`));
  if (files.every((file) => file && existsSync(file))) {
    const texts = new Map<string, string>();
    await Promise.all(
      files.map(async (file) => texts.set(file as string, await readFile(file as string, 'utf8'))),
    );
    return scriptsFrom((name) => texts.get(path.join(dir as string, `${name}.js`)) ?? '');
  }
  const { build } = await import('esbuild');
  const results = await Promise.all(
    bridgeBuilds.map((options) => build({ ...options, outdir: 'bridge', write: false })),
  );
  return scriptsFrom((name) => {
    const output = results
      .flatMap((result) => result.outputFiles ?? [])
      .find((file) => path.basename(file.path) === `${name}.js`);
    if (!output) throw new Error(`esbuild produced no ${name}.js`);
    return output.text;
  });
}
