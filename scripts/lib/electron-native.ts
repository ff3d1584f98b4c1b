import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { electronBuildEnv } from './electron-build-env';

const MODULE = 'better-sqlite3-multiple-ciphers';

/**
 * better-sqlite3 rebuilt for Electron's ABI, beside (not instead of) node_modules' build for
 * Node, which the license server and the tests keep using: a copy of the package in
 * `<cacheDir>/electron-<version>/` gets Electron's prebuilt binary (prebuild-install), else is
 * compiled against Electron's headers (node-gyp). Done once per Electron version. Returns the
 * .node file for SHELF_SQLITE_BINDING, or throws saying what failed.
 */
export function electronSqliteBinding(
  root: string,
  cacheDir: string,
  log: (line: string) => void,
): string {
  const electronVersion = (
    JSON.parse(
      readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  const copy = path.join(cacheDir, `electron-${electronVersion}`, MODULE);
  const binding = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  log(`Preparing ${MODULE} for Electron ${electronVersion} (once; needs network)…`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(path.join(root, 'node_modules', MODULE), copy, {
    recursive: true,
    filter: (source) =>
      !source.includes(`${path.sep}build${path.sep}`) && !source.endsWith(`${path.sep}build`),
  });
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const run = (command: string, args: string[]) =>
    spawnSync(command, args, {
      cwd: copy,
      stdio: 'inherit',
      shell: process.platform === 'win32',
      env: electronBuildEnv(),
    }).status === 0;
  const ok =
    run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion]) ||
    run(bin('node-gyp'), [
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
  if (!ok || !existsSync(binding))
    throw new Error(`${MODULE} could not be prepared for Electron ${electronVersion}`);
  return binding;
}
