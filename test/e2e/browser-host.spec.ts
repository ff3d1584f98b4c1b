import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { test as appTest, type AppFixture } from './fixtures/app';
import { AppPage } from './pages/app-page';

/**
 * `npm run start:browser` as a user runs it (its own data dir in a temp folder): the printed
 * link opens the app in Chromium, signed in as the demo user, and the bridge refuses requests
 * without the per-run secret. A browser that lost its session reads how to get back in, and
 * Enter at the terminal prints a new link.
 */
test.describe('npm run start:browser', () => {
  let child: ChildProcess;
  let dataDir: string;
  let loginUrl: string;
  let output = '';

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
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    loginUrl = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', () => {
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
    const page = await context.newPage();
    await page.goto(loginUrl);
    await expect(
      page.getByRole('heading', { name: 'This sign-in link was already used' }),
    ).toBeVisible();
    await context.close();
  });

  test('a browser without the session reads how to get back in; Enter prints a new link', async ({
    browser,
  }, testInfo) => {
    // Reopening the browser elsewhere, or another browser: no cookie for this host.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL('/', loginUrl).href);
    await expect(
      page.getByRole('heading', { name: 'This browser is not signed in to Shelfkeeper' }),
    ).toBeVisible();
    await expect(page.getByText('Press Enter there: it prints a new link.')).toBeVisible();
    await expect(page.getByText('npm run')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('signed-out-page.png') });

    const printed = output.length;
    child.stdin?.write('\n');
    await expect
      .poll(() => /Open: (http:\/\/\S+\?token=\S+)/.exec(output.slice(printed))?.[1])
      .toBeTruthy();
    const freshLink = /Open: (http:\/\/\S+\?token=\S+)/.exec(output.slice(printed))![1]!;
    expect(freshLink).not.toBe(loginUrl);
    await page.goto(freshLink);
    await expect(page.getByText('The Quiet Shelf').first()).toBeVisible();

    // The sign-in outlives the browser (a persistent cookie) while the host runs.
    const [cookie] = await context.cookies();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);

    // The host forgets this browser (as after a restart of the host): the open tab's next call
    // is refused, and the tab shows the page that says how to get back in, not the app's
    // "sign in again" for the license server.
    await context.clearCookies();
    // The page reloads while this runs, which may end the evaluation itself.
    await page
      .evaluate(() =>
        (window as unknown as { shelf: { invoke(c: string, i: unknown): Promise<unknown> } }).shelf
          .invoke('account.get', {})
          .catch(() => undefined),
      )
      .catch(() => undefined);
    await expect(
      page.getByRole('heading', { name: 'This browser is not signed in to Shelfkeeper' }),
    ).toBeVisible();
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

appTest.describe('an event between the boot’s answers and the screen’s subscriptions', () => {
  // No sync but the one asked here: the header learns the outcome from its event alone.
  appTest.use({
    coreOptions: {
      syncIntervalMs: 600_000,
      backoff: { baseMs: 600_000, maxMs: 600_000 },
      requestTimeoutMs: 3_000,
    },
  });

  /**
   * Opens the app with the page's requests to `held` held back until the boot has its answer to
   * sync.status and the core has gone offline since (its sync.status event sent then), and
   * checks that the header reads the core's state.
   */
  async function offlineWhileHeld(page: Page, app: AppFixture, held: string) {
    const shell = new AppPage(page);
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(held, async (route) => {
      await released;
      await route.continue();
    });
    const bootStatus = page.waitForResponse((r) => r.url().endsWith('/bridge/invoke/sync.status'));
    await page.goto(app.loginUrl());
    await bootStatus;
    await app.stopServer();
    expect(await app.invoke('sync.now', {})).toMatchObject({ ok: true, value: { online: false } });
    release();
    await expect(shell.statusPill()).toHaveAccessibleName('Sync status: Offline');
  }

  appTest('reaches the header that subscribes after it', async ({ page, app }) => {
    // The app's chunk is held, so the screens (and their subscriptions) wait until the core's
    // event has gone out after the boot's answer to sync.status.
    await offlineWhileHeld(page, app, '**/assets/app-main-*.js');
  });

  appTest(
    'reaches the page when the host answered before it attached the stream',
    async ({ page, app }) => {
      // The stream's request leaves first; the host only gets it once the core's event has gone
      // out after the boot's answer to sync.status: that event is on no stream.
      await offlineWhileHeld(page, app, '**/bridge/events');
    },
  );
});
