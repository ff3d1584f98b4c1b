import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { bridgeBuilds } from '../../main/browser/bridge-bundle';
import { FIRST_SCREEN_PRERENDER_FILE } from '../../shared/ipc/first-screen-prerender';

/**
 * The build, in parts that can run alone (the e2e run needs only the renderer and the bridge):
 * - renderer: Vite → dist/renderer/
 * - prerender: the renderer's first-screen prerender for Node (Vite's SSR build, its packages
 *             bundled in) → dist/prerender/first-screen-prerender.js, which the hosts load
 * - bridge:   the browser host's window.shelf script, its worker and the worker's schemas →
 *             dist/bridge/browser-bridge.js, bridge-worker.js, bridge-schemas.js
 * - electron: main process (ESM, dependencies left to node_modules) → dist/main/electron/main.js
 *             and the preload, bundled to CommonJS → dist/preload/preload.cjs: a sandboxed
 *             preload cannot load ES modules or anything but `electron` itself.
 * - server:   the license server (ESM, dependencies left to node_modules) → dist/server/bin/server.js,
 *             what production runs with plain `node`: no transpiler in the process.
 */
export type BuildPart = 'renderer' | 'prerender' | 'bridge' | 'electron' | 'server';
export const ALL_PARTS: BuildPart[] = ['renderer', 'prerender', 'bridge', 'electron', 'server'];

export const root = path.resolve(import.meta.dirname, '..', '..');
export const dist = path.join(root, 'dist');
/** Where `npm start` and `npm run start:browser` keep their data (SHELF_DATA_DIR, else .data/). */
export const dataRoot = path.resolve(process.env.SHELF_DATA_DIR ?? path.join(root, '.data'));

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
} as const;

/**
 * Electron's main process: ESM; electron, the native SQLite module, electron-store etc. stay in
 * node_modules (asar-unpacked where native), as electron-builder packages them.
 */
export const mainBuildOptions: BuildOptions = {
  ...nodeCommon,
  entryPoints: [path.join(root, 'main', 'electron', 'main.ts')],
  format: 'esm',
  packages: 'external',
};

/** The preload: one CommonJS file needing nothing but `electron` (all a sandboxed preload has). */
export const preloadBuildOptions: BuildOptions = {
  ...nodeCommon,
  entryPoints: [path.join(root, 'preload', 'preload.ts')],
  format: 'cjs',
  external: ['electron'],
  // Parsed on every window load; zod is most of it.
  minify: true,
};

export const serverDist = path.join(dist, 'server');

/**
 * The compiled license server. Split into chunks so that what the source loads on demand (the
 * S3 client, only with SHELF_CONTENT_STORE=s3://…) stays a separate import at run time too.
 */
export const serverBuildOptions: BuildOptions = {
  ...nodeCommon,
  entryPoints: { 'bin/server': path.join(root, 'server', 'bin', 'server.ts') },
  outdir: serverDist,
  format: 'esm',
  splitting: true,
  packages: 'external',
  target: 'node20',
};

const parts: Record<BuildPart, { output: string; sources: string[]; run: () => Promise<void> }> = {
  renderer: {
    output: path.join(dist, 'renderer', 'index.html'),
    sources: ['renderer', 'shared', 'vite.config.ts'],
    run: async () => {
      const { build } = await import('vite');
      await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
    },
  },
  prerender: {
    output: path.join(dist, 'prerender', FIRST_SCREEN_PRERENDER_FILE),
    sources: ['renderer', 'shared', 'vite.config.ts'],
    run: () => buildPrerender(path.join(dist, 'prerender')),
  },
  bridge: {
    // The schemas' shared chunk, the newest file: a dist/ from before it existed is stale.
    output: path.join(dist, 'bridge', 'bridge-schemas-shared.js'),
    sources: ['page-bridge', 'shared', 'main/browser/bridge-bundle.ts'],
    run: async () => {
      for (const options of bridgeBuilds)
        await esbuild({ ...options, outdir: path.join(dist, 'bridge'), logLevel: 'warning' });
    },
  },
  electron: {
    output: path.join(dist, 'main', 'electron', 'main.js'),
    sources: ['main', 'preload', 'shared', 'build/license-roots.json'],
    run: async () => {
      await Promise.all([
        esbuild({ ...mainBuildOptions, outfile: path.join(dist, 'main', 'electron', 'main.js') }),
        esbuild({ ...preloadBuildOptions, outfile: path.join(dist, 'preload', 'preload.cjs') }),
      ]);
    },
  },
  server: {
    output: path.join(serverDist, 'bin', 'server.js'),
    sources: ['server', 'shared'],
    run: async () => {
      await esbuild(serverBuildOptions);
    },
  },
};

/**
 * The renderer's first-screen prerender for Node into `outDir` (Vite's SSR build of
 * renderer/src/first-screen-prerender.tsx). Every package is bundled in (React's production
 * build): the packaged app leaves the renderer's packages out of its node_modules
 * (electron-builder.yml), and the host must not render with React's development build.
 */
export async function buildPrerender(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // Vite takes a production build from NODE_ENV, which a test runner sets to `test`: React's
  // JSX would then be compiled for its development runtime, which the production build lacks.
  const callers = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      ssr: { noExternal: true },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        ssr: path.join(root, 'renderer', 'src', 'first-screen-prerender.tsx'),
        outDir,
        emptyOutDir: true,
        copyPublicDir: false,
        target: 'node22',
      },
    });
  } finally {
    if (callers === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callers;
  }
}

export async function buildParts(names: BuildPart[], log: (line: string) => void): Promise<void> {
  for (const name of names) {
    const started = performance.now();
    await parts[name].run();
    log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
  }
}

/** Builds the parts whose output is missing or older than any of their sources. */
export async function ensureBuilt(names: BuildPart[], log: (line: string) => void): Promise<void> {
  const stale = names.filter((name) => isStale(parts[name].output, parts[name].sources));
  if (stale.length > 0) await buildParts(stale, log);
}

function isStale(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
