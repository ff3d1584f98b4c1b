import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// CI and the dev container use the distribution's Chromium (browser downloads are disabled
// there); elsewhere Playwright's own browser is used.
const systemChromium = '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  // One worker, no retries: a flaky test must show up as a failure, and a 2-core machine
  // cannot run two app instances and a browser each without timing noise.
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    // A passing test's last frame told nothing the named screenshots (AppPage.screenshot) do
    // not, and cost a capture per test; a failing test still gets one.
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          // Containers have no user namespaces or GPU; the rest stops Chromium's background
          // traffic so a test sees only the app's own requests.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
