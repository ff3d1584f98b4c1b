import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { test as appTest } from './fixtures/app';

/**
 * `npm run start:browser` as a user runs it (its own data dir in a temp folder): the printed
 * link opens the app in Chromium, signed in as the demo user, and the bridge refuses requests
 * without the per-run secret.
 */
test.describe('npm run start:browser', () => {
  let child: ChildProcess;
  let dataDir: string;
  let loginUrl: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dataDir = mkdtempSync(path.join(tmpdir(), 'shelf-start-browser-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-browser.ts'], {
      env: {
        ...process.env,
        SHELF_DATA_DIR: dataDir,
        SHELF_SERVER_URL: '',
        SHELF_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    loginUrl = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) =>
        reject(new Error(`start:browser exited (${code}):\n${output}\n${errors}`)),
      );
    });
  });

  test.afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('serves the app with the demo library, signed in', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(loginUrl);
    await expect(page).toHaveURL(new URL('/', loginUrl).href);
    await expect(page.getByText('The Quiet Shelf').first()).toBeVisible();
    await expect(page.getByText('Night Market Loops').first()).toBeVisible();
    expect(await page.evaluate(() => typeof (window as { shelf?: unknown }).shelf)).toBe('object');
    // The strict CSP holds for the real renderer: nothing was blocked, nothing threw.
    expect(problems).toEqual([]);
  });

  test('refuses bridge requests without the secret', async ({ request }) => {
    const origin = new URL(loginUrl).origin;
    const call = await request.post(`${origin}/bridge/invoke/library.list`, {
      headers: { 'Content-Type': 'application/json', 'X-Shelf-Bridge': '1' },
      data: {},
    });
    expect(call.status()).toBe(401);
    expect(call.headers()['content-type']).toBe('application/problem+json');
    expect(await call.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await request.get(`${origin}/bridge/events`)).status()).toBe(401);
    expect((await request.get(`${origin}/`)).status()).toBe(401);
  });

  test('the printed link works only once', async ({ browser }) => {
    const context = await browser.newContext();
    const response = await context.request.get(loginUrl, { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    await context.close();
  });
});

/** The shared fixture itself: fresh server, fresh core, page signed in, offline on demand. */
appTest(
  'the app fixture opens the signed-in app and can take the server down',
  async ({ page, app }) => {
    await expect(page.getByText('The Quiet Shelf').first()).toBeVisible();
    expect(await app.invoke('account.get', {})).toMatchObject({
      ok: true,
      value: { signedIn: true, serverUrl: app.serverUrl },
    });
    await app.stopServer();
    expect(app.serverRunning()).toBe(false);
    expect(await app.invoke('sync.now', {})).toMatchObject({ ok: true, value: { online: false } });
    await app.startServer();
    expect(await app.invoke('sync.now', {})).toMatchObject({ ok: true, value: { online: true } });
    const health = await app.serverFetch('/healthz');
    expect(health.ok).toBe(true);
  },
);
