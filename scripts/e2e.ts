import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { ensureBuilt } from './lib/build-steps';

// Runs Playwright over test/e2e/. With no spec yet there is nothing to run, which is said
// plainly; `playwright test` itself would fail with "No tests found".
const dir = 'test/e2e';
const specs = existsSync(dir)
  ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.spec.ts'))
  : [];

if (specs.length === 0) {
  console.log(`no e2e specs yet (${dir}/**/*.spec.ts): nothing to run`);
  process.exit(0);
}

// The tests serve the built renderer through the browser host (dist/renderer, dist/bridge) and
// launch the built Electron app where a binary exists (dist/main, dist/preload). Parts whose
// sources changed since the last build are rebuilt; an up-to-date build costs nothing.
await ensureBuilt(['renderer', 'prerender', 'bridge', 'electron'], (line) => console.log(line));

// Extra arguments pass through: `npm run test:e2e -- --grep library`.
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
