import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the layer rule in eslint.config.js: each case lints a virtual file placed in a layer's
// folder through the real config. Nothing is written to disk.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURE = '__layer-fixture__';

const eslint = new ESLint({
  cwd: repoRoot,
  // A virtual file belongs to no tsconfig, so the project service would reject it. The layer
  // rule needs no types: lint these files without type information, under the real config.
  overrideConfig: [{ files: [`**/${FIXTURE}.*`], ...tseslint.configs.disableTypeChecked }],
});

// Loading the config and its plugins is the slow part: once, outside the first case's timeout.
beforeAll(() => eslint.calculateConfigForFile(`shared/${FIXTURE}.ts`), 60_000);

/** Lints `import { x } from '<source>'` (x used as a value) as if it lived in `dir`. */
async function lintImport(dir: string, source: string, ext = 'ts') {
  const code = `import { x } from '${source}';\n\nexport const used = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${dir}/${FIXTURE}.${ext}` });
  if (!result) throw new Error('ESLint returned no result');
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

// Each case lints through the whole config (the import rules resolve real files): a few ms on a
// quiet machine, past vitest's 5 s default on a loaded one (seen at load 12).
describe('layer rule (no-restricted-imports)', { timeout: 30_000 }, () => {
  const forbidden: [dir: string, source: string, expected: string, ext?: string][] = [
    ['shared', 'electron', 'Layer rule: shared/ must not import electron'],
    ['shared', 'node:fs', 'Layer rule: shared/ must not import Node built-ins'],
    ['shared/api', 'crypto', 'Layer rule: shared/ must not import Node built-ins'],
    ['shared/api', '../../server/app', 'Layer rule: shared/ must not import server/'],
    ['renderer/src', 'node:path', 'Layer rule: renderer/ must not import Node built-ins', 'tsx'],
    ['renderer/src', '../../main/core/x', 'Layer rule: renderer/ must not import main/', 'tsx'],
    ['renderer/src', 'electron', 'Layer rule: renderer/ must not import electron', 'tsx'],
    ['main/core', 'electron', 'Layer rule: main/core/ must not import electron'],
    [
      'main/core/store',
      '../../electron/window',
      'Layer rule: main/core/ must not import main/electron/',
    ],
    ['main/browser', '../electron/ipc', 'Layer rule: main/browser/ must not import main/electron/'],
    ['main/browser', 'electron', 'Layer rule: main/browser/ must not import electron'],
    ['server', '../main/core/x', 'Layer rule: server/ must not import main/'],
    ['server/http/routes', 'electron', 'Layer rule: server/ must not import electron'],
    ['preload', '../server/x', 'Layer rule: preload/ must not import server/'],
    ['preload', 'node:fs', 'Layer rule: preload/ must not import Node built-ins'],
    ['page-bridge', 'node:fs', 'Layer rule: page-bridge/ must not import Node built-ins'],
    ['page-bridge', 'events', 'Layer rule: page-bridge/ must not import Node built-ins'],
    ['page-bridge', 'electron', 'Layer rule: page-bridge/ must not import electron'],
    ['page-bridge', '../main/browser/host', 'Layer rule: page-bridge/ must not import main/'],
    ['page-bridge', '../preload/preload', 'Layer rule: page-bridge/ must not import preload/'],
    ['page-bridge', '../renderer/src/app', 'Layer rule: page-bridge/ must not import renderer/'],
    [
      'main/browser',
      '../../page-bridge/http-transport',
      'Layer rule: main/browser/ must not import page-bridge/',
    ],
    ['renderer/src', '../../page-bridge/x', 'Layer rule: renderer/ must not import page-bridge/'],
    ['test/fixtures', '../../bench/lib/stats', 'Layer rule: test/fixtures/ must not import bench/'],
    [
      'test/reliability',
      '../../bench/lib/x',
      'Layer rule: test/reliability/ must not import bench/',
    ],
  ];

  it.each(forbidden)('%s/ importing %s is a layer error', async (dir, source, expected, ext) => {
    const messages = await lintImport(dir, source, ext);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ruleId).toBe('no-restricted-imports');
    expect(messages[0]?.message).toContain(expected);
  });

  const allowed: [dir: string, source: string, ext?: string][] = [
    ['renderer/src', '../../shared/ipc', 'tsx'],
    ['renderer/src', 'react', 'tsx'],
    ['main/electron', 'electron'],
    ['main/electron', '../core/library'],
    ['main/core', 'node:fs'],
    ['main/core/store', '../../../shared/errors'],
    ['main/browser', '../core/library'],
    ['server', 'node:crypto'],
    ['server/http/routes', '../../../shared/api/auth'],
    ['preload', 'electron'],
    ['preload', '../shared/ipc'],
    ['page-bridge', '../shared/ipc/bridge'],
    ['page-bridge', './http-transport'],
    ['main/browser', '../../shared/ipc/bridge-paths'],
    ['bench', '../test/fixtures/server-process'],
    ['shared/api', './common'],
    ['shared', 'zod'],
  ];

  it.each(allowed)('%s/ importing %s is allowed', async (dir, source, ext) => {
    expect(await lintImport(dir, source, ext)).toEqual([]);
  });
});
