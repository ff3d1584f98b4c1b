import { spawnSync } from 'node:child_process';
import { ALL_PARTS, buildParts, root } from './lib/build-steps';
import { electronBuildEnv } from './lib/electron-build-env';

/**
 * `npm run dist`: the build, then electron-builder (electron-builder.yml). It needs network:
 * electron-builder downloads Electron and its packaging tools on first use. The packaged binary
 * gets its fuses flipped (`electronFuses`) and the release folder its update feed (latest*.yml,
 * for the `publish` URL); test/unit/scripts/packaging-config.test.ts checks that configuration.
 *
 * electron-builder rebuilds better-sqlite3 for Electron's ABI inside node_modules, which breaks
 * it for Node (the license server, the tests), so the Node build is restored afterwards, whether
 * packaging succeeded or not. Extra arguments go to electron-builder (`npm run dist -- --linux`).
 */
await buildParts(ALL_PARTS, (line) => console.log(line));

const run = (command: string, args: string[], env = process.env) =>
  spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env,
  }).status ?? 1;

// Its rebuild for Electron without `./shelf`'s nodedir (lib/electron-build-env.ts); the restoring
// rebuild below is for Node.js and keeps it.
const status = run(
  'npx',
  ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)],
  electronBuildEnv(),
);
const restored = run('npm', ['rebuild', 'better-sqlite3-multiple-ciphers']);
if (restored !== 0)
  console.error(
    'Restoring the Node build of better-sqlite3 failed: run `npm rebuild better-sqlite3-multiple-ciphers`.',
  );
process.exit(status || restored);
