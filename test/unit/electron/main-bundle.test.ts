import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { mainBuildOptions, root } from '../../../scripts/lib/build-steps';

/**
 * The main bundle leaves npm packages to node_modules, and electron-builder packages only the
 * `dependencies` of package.json. A main-process import of a devDependency would work in
 * `npm start` and crash the installed app; this catches it at unit-test time.
 */
describe('the Electron main bundle', () => {
  it('imports only Node built-ins, electron and runtime dependencies', async () => {
    const result = await build({
      ...mainBuildOptions,
      write: false,
      sourcemap: false,
      metafile: true,
      outfile: 'main.js',
    });
    const imports = Object.values(result.metafile!.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external).map((i) => i.path),
    );
    const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    const allowed = (specifier: string) =>
      specifier.startsWith('node:') ||
      builtinModules.includes(specifier) ||
      specifier === 'electron' ||
      Object.hasOwn(dependencies, packageOf(specifier));
    expect(imports.length).toBeGreaterThan(0);
    expect([...new Set(imports)].filter((specifier) => !allowed(specifier))).toEqual([]);
  });
});
