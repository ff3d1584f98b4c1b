// @vitest-environment node
// (esbuild checks that its TextEncoder makes Node's Uint8Array, which a DOM environment breaks.)
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The renderer's first chunks (the entry with boot, and the app chunk it imports at once with
 * what that imports statically: the sign-in and library screens) are parsed and run before the
 * first card (bench/findings.md, first paint). It reads constants from shared/ (labels, error sentences, return kinds) through zod-free modules;
 * zod itself, with the tag dialog's schema, loads on first use. The static import graph is the
 * same whatever bundles it, so esbuild (fast) walks it here; Vite's build splits along the same
 * static and dynamic edges.
 */
const entry = fileURLToPath(new URL('../../../renderer/src/main.tsx', import.meta.url));

async function bundle(): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: '/virtual/out',
    write: false,
    metafile: true,
    logLevel: 'silent',
    loader: { '.css': 'empty', '.svg': 'empty', '.woff2': 'empty' },
    plugins: [
      {
        // Vite's `?url` imports (pdf.js's worker) are files, not modules.
        name: 'asset-url',
        setup(b) {
          b.onResolve({ filter: /\?url$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  return result.metafile;
}

/**
 * Every input in the outputs reached by static imports only from the entries ending with one of
 * `from` (main.tsx, and app-main.tsx which it imports at once and index.html modulepreloads).
 */
function staticInputs(metafile: Metafile, from: string[]): { statics: string[]; all: string[] } {
  const outputs = metafile.outputs;
  // Every lazy chunk is an entry point too.
  const starts = Object.keys(outputs).filter((name) =>
    from.some((end) => outputs[name]?.entryPoint?.endsWith(end)),
  );
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const name = queue.pop() ?? '';
    if (seen.has(name)) continue;
    seen.add(name);
    for (const imported of outputs[name]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
    }
  }
  const inputsOf = (names: string[]) =>
    names.flatMap((name) =>
      Object.entries(outputs[name]?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
  return { statics: inputsOf([...seen]), all: inputsOf(Object.keys(outputs)) };
}

describe("the renderer's first chunk", () => {
  it('does not evaluate zod; zod comes with the tag dialog, on first use', async () => {
    const { statics, all } = staticInputs(await bundle(), [
      'renderer/src/main.tsx',
      'renderer/src/app-main.tsx',
    ]);
    const isZod = (path: string) => path.includes('node_modules/zod/');
    expect(statics.some((path) => path.endsWith('renderer/src/screens/library-screen.tsx'))).toBe(
      true,
    );
    expect(statics.filter(isZod)).toEqual([]);
    expect(statics.filter((path) => path.endsWith('shared/ipc/tag.ts'))).toEqual([]);
    expect(all.some(isZod)).toBe(true);
  }, 60_000);

  it("runs the boot's calls from a small entry, before React DOM and the screens", async () => {
    const { statics } = staticInputs(await bundle(), ['renderer/src/main.tsx']);
    expect(statics.some((path) => path.endsWith('renderer/src/lib/boot-start.ts'))).toBe(true);
    expect(statics.filter((path) => path.includes('node_modules/react-dom/'))).toEqual([]);
    expect(statics.filter((path) => path.includes('renderer/src/screens/'))).toEqual([]);
  }, 60_000);
});
