import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bridgeBuildOptions } from '../../../main/browser/bridge-bundle';

/** What made it into each output (the metafile's inputs list every file read, shaken or not). */
async function bundle() {
  const result = await build({
    ...bridgeBuildOptions,
    outdir: 'bridge',
    write: false,
    metafile: true,
  });
  const of = (name: string) => {
    const [, output] =
      Object.entries(result.metafile?.outputs ?? {}).find(([file]) =>
        file.endsWith(`/${name}.js`),
      ) ?? [];
    const file = result.outputFiles?.find((f) => f.path.endsWith(`/${name}.js`));
    return {
      inputs: Object.entries(output?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
      size: file?.contents.length ?? 0,
    };
  };
  return { page: of('browser-bridge'), worker: of('bridge-worker') };
}

describe('the bridge scripts', () => {
  /**
   * The page parses and runs its bridge script before the renderer on every load; the schemas
   * cost its main thread more than 100 ms of CPU (bench/findings.md, first paint, third pass), so
   * they live in the worker, and the page's script must not bring them back.
   */
  it("keep zod and the contract's schemas out of the page's script", async () => {
    const { page } = await bundle();
    expect(page.inputs.length).toBeGreaterThan(0);
    expect(page.inputs.filter((input) => input.includes('node_modules/'))).toEqual([]);
    expect(page.inputs.filter((input) => input.endsWith('shared/ipc/contract.ts'))).toEqual([]);
    expect(page.size).toBeLessThan(5_000);
  });

  /**
   * zod taken as a namespace (`import * as z`, enforced by lint in shared/) lets esbuild keep only
   * what the schemas use; a single `import { z }` binds the whole namespace object and brings back
   * every locale and more (480 KB instead of 124 KB).
   */
  it('carry zod in the worker without its other locales', async () => {
    const { worker } = await bundle();
    const zod = worker.inputs.filter((input) => input.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(worker.inputs.some((input) => input.endsWith('shared/ipc/contract.ts'))).toBe(true);
    const locales = zod.filter((input) => /\/locales\/(?!en\.js$|index\.js$)/.test(input));
    expect(locales).toEqual([]);
    expect(worker.size).toBeLessThan(200_000);
  });
});
