import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bridgeBuildOptions } from '../../../main/browser/bridge-bundle';

/**
 * The browser host's bridge script is parsed and run before the renderer on every page load
 * (first paint, bench/findings.md). zod taken as a namespace (`import * as z`, enforced by lint
 * in shared/) lets esbuild keep only what the schemas use; a single `import { z }` binds the whole
 * namespace object and brings back every locale and more (480 KB instead of
 * 124 KB).
 */
describe('the bridge script bundle', () => {
  it('carries zod without its other locales', async () => {
    const result = await build({ ...bridgeBuildOptions, write: false, metafile: true });
    // What made it into the output (the metafile's inputs list every file read, shaken or not).
    const output = Object.values(result.metafile?.outputs ?? {})[0];
    const inputs = Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    const zod = inputs.filter((input) => input.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    const locales = zod.filter((input) => /\/locales\/(?!en\.js$|index\.js$)/.test(input));
    expect(locales).toEqual([]);
    const size = result.outputFiles?.[0]?.contents.length ?? 0;
    expect(size).toBeLessThan(200_000);
  });
});
