import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BRIDGE_ENTRY = path.join(here, '..', '..', 'page-bridge', 'browser-bridge.ts');

/** esbuild options of the bridge script, shared by scripts/build.ts and the on-the-fly build. */
export const bridgeBuildOptions: BuildOptions = {
  entryPoints: [BRIDGE_ENTRY],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  legalComments: 'none',
};

/**
 * The bridge script's code: `prebuilt` (dist/bridge/browser-bridge.js) when given and present,
 * else a fresh esbuild bundle made in memory, so a host started from sources never serves a
 * stale bridge.
 */
export async function loadBridgeScript(prebuilt?: string): Promise<string> {
  if (prebuilt && existsSync(prebuilt)) return readFile(prebuilt, 'utf8');
  const { build } = await import('esbuild');
  const result = await build({ ...bridgeBuildOptions, write: false });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error('esbuild produced no bridge script');
  return output.text;
}
