import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// ./shelf runs in a copy of its own folder with a fake `npm` first on PATH (it records what npm
// was given and installs nothing) and the Node.js these tests run under as the machine's own,
// so nothing is fetched and the shared node_modules is never touched. The native module it
// checks is a stand-in package in the copy's node_modules.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const nodePrefix = path.resolve(process.execPath, '../..');
const nodeHasHeaders = existsSync(path.join(nodePrefix, 'include/node/node.h'));
const moduleName = 'better-sqlite3-multiple-ciphers';

// Node.js's own words when a .node file was built for another Node.js (process.dlopen's error).
const abiError =
  "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\n" +
  'NODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137.';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shelf-'));
  copyFileSync(path.join(repoRoot, 'shelf'), path.join(dir, 'shelf'));
  mkdirSync(path.join(dir, 'bin'));
  const npm = path.join(dir, 'bin/npm');
  writeFileSync(
    npm,
    `#!/bin/sh\necho "args=$*" >> "${dir}/npm.log"\necho "nodedir=\${npm_config_nodedir:-}" >> "${dir}/npm.log"\n`,
  );
  chmodSync(npm, 0o755);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The SQLite module as the copy's install left it: loading, or failing with `error`. */
function nativeModule(error?: string): void {
  const folder = path.join(dir, 'node_modules', moduleName);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: moduleName, main: 'index.js' }),
  );
  writeFileSync(
    path.join(folder, 'index.js'),
    error === undefined
      ? 'module.exports = class { close() {} };\n'
      : `throw new Error(${JSON.stringify(error)});\n`,
  );
}

function shelf(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('sh', [path.join(dir, 'shelf'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      HOME: dir,
      PATH: [path.join(dir, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
      ...env,
    },
  });
  const log = path.join(dir, 'npm.log');
  const npmLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
  return { status: result.status, stderr: result.stderr, npmLog };
}

describe('./shelf', () => {
  it.runIf(nodeHasHeaders)(
    'points node-gyp at the headers of the Node.js in use when it is the machine’s own, over an npmrc’s nodedir',
    () => {
      // An npmrc's nodedir=/usr (a system Node.js 20's headers) built the bug; npm hands config to
      // scripts as npm_config_*, so a ./shelf started from one sees it in the environment too.
      const { status, npmLog } = shelf(['run', 'anything'], { npm_config_nodedir: '/usr' });
      expect(status).toBe(0);
      expect(npmLog).toBe(`args=run anything\nnodedir=${nodePrefix}\n`);
    },
  );

  it('fails after an install when the native module was built for another Node.js, saying which and how to fix', () => {
    nativeModule(abiError);
    const { status, stderr, npmLog } = shelf(['ci']);
    expect(npmLog).toContain('args=ci\n');
    expect(status).toBe(1);
    expect(stderr).toContain(
      `shelf: ${moduleName}, the native SQLite module, was built for Node.js 20`,
    );
    expect(stderr).toContain(`the product runs on Node.js ${process.version}`);
    expect(stderr).toContain(`./shelf rebuild ${moduleName}`);
    // npm's aliases of its install commands install too.
    for (const alias of ['install-clean', 'ic', 'it', 'upgrade'])
      expect(shelf([alias]).status).toBe(1);
  });

  it('passes an install whose native module loads, and skips the check when install scripts are held back', () => {
    nativeModule();
    expect(shelf(['rebuild']).status).toBe(0);

    rmSync(path.join(dir, 'node_modules'), { recursive: true });
    nativeModule(abiError);
    const held = shelf(['ci', '--ignore-scripts']);
    expect(held.status).toBe(0);
    expect(held.npmLog).toContain('args=ci --ignore-scripts\n');
    expect(shelf(['run', 'check']).status).toBe(0);
  });
});
