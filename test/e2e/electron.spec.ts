import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronSqliteBinding } from '../../scripts/lib/electron-native';

/**
 * The real Electron app, launched by Playwright, where an Electron binary exists and a display
 * is available. Build machines without either skip with the reason (the shell's behaviour is
 * covered there by the unit tests with a fake electron module and by the browser host tests).
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const mainBundle = path.join(repoRoot, 'dist', 'main', 'electron', 'main.js');

function electronBinary(): string | null {
  try {
    // In Node, the electron package exports the path of its binary, and throws when it was
    // never downloaded (node_modules/electron/dist missing).
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !binary
  ? 'Electron binary not installed (node_modules/electron/dist missing; its download is blocked here)'
  : !hasDisplay
    ? 'no display (DISPLAY/WAYLAND_DISPLAY unset); run under xvfb-run to include this test'
    : !existsSync(mainBundle)
      ? 'dist/main/electron/main.js missing: run `npm run build`'
      : null;

/** better-sqlite3 for Electron's ABI, as `npm start` prepares it (cached in .data/). */
function sqliteBinding(): string | null {
  try {
    return electronSqliteBinding(
      repoRoot,
      path.join(repoRoot, '.data', 'electron-native'),
      () => {},
    );
  } catch {
    return null;
  }
}

test.describe('the Electron app', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('opens one secure window on shelf://app with window.shelf and nothing of Node', async () => {
    const binding = sqliteBinding();
    test.skip(binding === null, 'better-sqlite3 could not be prepared for Electron (no network?)');
    const userData = mkdtempSync(path.join(tmpdir(), 'shelf-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      // Chromium refuses to run as root with its OS sandbox (CI containers); the renderer's
      // `sandbox: true` still applies.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot],
      env: {
        ...process.env,
        SHELF_SERVER_URL: 'http://127.0.0.1:9',
        SHELF_USER_DATA_DIR: userData,
        SHELF_SQLITE_BINDING: binding!,
      },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toBe('shelf://app/index.html');
      expect(
        await page.evaluate(() =>
          Object.keys((window as unknown as { shelf: object }).shelf).sort(),
        ),
      ).toEqual(['invoke', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
        'undefined',
      );
      const account = await page.evaluate(() =>
        (
          window as unknown as { shelf: { invoke(c: string, i: unknown): Promise<unknown> } }
        ).shelf.invoke('account.get', {}),
      );
      expect(account).toMatchObject({ signedIn: false, serverUrl: 'http://127.0.0.1:9' });
      // webPreferences themselves are checked by the unit tests (Electron has no getter for
      // them); here: one window, and no Node in the page (above).
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
        1,
      );
      // A navigation attempt away from the app is refused: the URL stays.
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await expect.poll(() => page.url()).toBe('shelf://app/index.html');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
