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
  const outputs = results.flatMap((result) =>
    (result.outputFiles ?? []).map((file) => file.path.split('/').pop()),
  );
  return {
    outputs,
    page: of('browser-bridge'),
    worker: of('bridge-worker'),
    first: of('bridge-schemas-first'),
    schemas: of('bridge-schemas'),
    shared: of('bridge-schemas-shared'),
  };
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
  it("carry zod in the schemas' shared chunk without its other locales", async () => {
    const { shared, schemas } = await bundle();
    const zod = shared.inputs.filter((input) => input.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(schemas.inputs.some((input) => input.endsWith('shared/ipc/contract.ts'))).toBe(true);
    const locales = zod.filter((input) => /\/locales\/(?!en\.js$|index\.js$)/.test(input));
    expect(locales).toEqual([]);
    expect(shared.size + schemas.size).toBeLessThan(200_000);
  });

  /**
   * The worker validates the boot's answers with the first screen's schemas before the rest of
   * the contract is built (docs/design.md §7.5): those must not bring the rest with them, and the
   * whole contract must reuse them (one chunk, zod in it once), not build its own copy.
   */
  it("build the first screen's schemas without the rest of the contract, and share them", async () => {
    const { outputs, first, schemas, shared } = await bundle();
    expect(outputs.filter((name) => name?.startsWith('bridge-schemas')).sort()).toEqual([
      'bridge-schemas-first.js',
      'bridge-schemas-shared.js',
      'bridge-schemas.js',
    ]);
    expect(first.size).toBeLessThan(1_000);
    for (const rest of ['shared/ipc/contract.ts', 'shared/api/catalog.ts', 'shared/api/returns.ts'])
      expect(shared.inputs.filter((input) => input.endsWith(rest))).toEqual([]);
    expect(
      shared.inputs.some((input) => input.endsWith('shared/ipc/first-screen-contract.ts')),
    ).toBe(true);
    expect(schemas.inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
    expect(
      schemas.inputs.filter((input) => input.endsWith('shared/ipc/first-screen-contract.ts')),
    ).toEqual([]);
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
