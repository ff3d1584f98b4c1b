import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bridgeBuilds } from '../../../main/browser/bridge-bundle';

/** What made it into each output (the metafile's inputs list every file read, shaken or not). */
async function bundle() {
  const results = await Promise.all(
    bridgeBuilds.map((options) =>
      build({ ...options, outdir: 'bridge', write: false, metafile: true }),
    ),
  );
  const of = (name: string) => {
    const [, output] =
      results
        .flatMap((result) => Object.entries(result.metafile?.outputs ?? {}))
        .find(([file]) => file.endsWith(`/${name}.js`)) ?? [];
    const file = results
      .flatMap((result) => result.outputFiles ?? [])
      .find((f) => f.path.endsWith(`/${name}.js`));
    return {
      inputs: Object.entries(output?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
      size: file?.contents.length ?? 0,
    };
  };
  return { page: of('browser-bridge'), worker: of('bridge-worker'), schemas: of('bridge-schemas') };
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
  it("carry zod in the schemas' module without its other locales", async () => {
    const { schemas } = await bundle();
    const zod = schemas.inputs.filter((input) => input.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(schemas.inputs.some((input) => input.endsWith('shared/ipc/contract.ts'))).toBe(true);
    const locales = zod.filter((input) => /\/locales\/(?!en\.js$|index\.js$)/.test(input));
    expect(locales).toEqual([]);
    expect(schemas.size).toBeLessThan(200_000);
  });

  /**
   * The worker takes the page's first calls once its own script is compiled; with zod and the
   * schemas in it that was 129 KB and about 50 ms (bench/findings.md, first paint, fourth pass),
   * so they are a module it imports after sending them.
   */
  it("keep zod and the contract's schemas out of the worker's script", async () => {
    const { worker } = await bundle();
    expect(worker.inputs.length).toBeGreaterThan(0);
    expect(worker.inputs.filter((input) => input.includes('node_modules/'))).toEqual([]);
    expect(worker.inputs.filter((input) => input.endsWith('shared/ipc/contract.ts'))).toEqual([]);
    expect(worker.size).toBeLessThan(15_000);
  });
});
