import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SHIPPED_LICENSE_ROOTS } from '../../../main/core/license-roots';
import { mainBuildOptions, root } from '../../../scripts/lib/build-steps';

/**
 * The root the app trusts license keys through must travel inside the main bundle (and so inside
 * app.asar, docs/design.md §7.4), never as a file read from disk at run time, where anyone who can
 * write the install folder could swap it.
 */
describe('the shipped license roots', () => {
  it('are the keys of build/license-roots.json', () => {
    const file = JSON.parse(
      readFileSync(path.join(root, 'build', 'license-roots.json'), 'utf8'),
    ) as { roots: string[] };
    expect(SHIPPED_LICENSE_ROOTS).toEqual(file.roots);
    expect(SHIPPED_LICENSE_ROOTS.length).toBeGreaterThan(0);
  });

  it('are bundled into the Electron main process, which reads no license-roots file', async () => {
    const result = await build({ ...mainBuildOptions, write: false, sourcemap: false });
    const main = result.outputFiles.map((file) => file.text).join('\n');
    for (const key of SHIPPED_LICENSE_ROOTS) expect(main).toContain(key);
    // Only esbuild's path comment names the file: no import, require or read of it remains.
    expect(main).not.toMatch(
      /(from|import\(|require\(|readFileSync\()\s*["'][^"']*license-roots\.json/,
    );
  }, 60_000);
});
