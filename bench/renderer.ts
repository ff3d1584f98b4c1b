import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startBrowserApp } from '../main/browser/browser-app';
import { silentLogger } from '../main/core/core-context';
import { envKeyProvider } from '../main/core/key-provider';
import type { Store } from '../main/core/store/store';
import { openStore } from '../main/core/store/store';
import { buildParts, dist } from '../scripts/lib/build-steps';
import { LIBRARY_WORDS, seedLibrary } from './lib/library-seed';
import type { Figure } from './lib/results';
import { median } from './lib/stats';

/**
 * Benchmark 5: the production renderer in Chromium (/usr/bin/chromium through Playwright), served
 * by the browser host over an app core whose store holds `items` library items (seeded through
 * the core's own store queries). Measures the first paint of the library (navigation start →
 * first library card in the DOM, in a fresh browser context each run), a search keystroke
 * (keydown → the result count updated), and the bundle's gzip size.
 *
 * The page-side code is passed as strings: bench/ is type-checked without the DOM library.
 */
const CHROMIUM = process.env.SHELF_CHROMIUM ?? '/usr/bin/chromium';

/** Records when the first library card is painted, from the start of the navigation. */
const FIRST_CARD_PROBE = `
  window.__firstCard = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="library-item"]')) {
      observer.disconnect();
      // The next frame: the card is laid out and about to be painted.
      requestAnimationFrame(() => { window.__firstCard = performance.now(); });
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** Types one key and resolves with ms from its keydown to the result count changing. */
const KEYSTROKE = `
  new Promise((resolve, reject) => {
    const count = document.querySelector('.screen-head .count');
    const box = document.querySelector('input[type="search"]');
    if (!count || !box) return reject(new Error('library screen not found'));
    const before = count.textContent;
    let started = 0;
    const observer = new MutationObserver(() => {
      const text = count.textContent ?? '';
      if (started && text !== before && !text.startsWith('Loading')) {
        observer.disconnect();
        resolve(performance.now() - started);
      }
    });
    observer.observe(count, { childList: true, subtree: true, characterData: true });
    box.addEventListener('keydown', () => { started = performance.now(); }, { once: true, capture: true });
    setTimeout(() => {
      observer.disconnect();
      reject(new Error('no update in 10 s: count ' + before + ' -> ' + count.textContent + ', box "' + box.value + '", keydown ' + started + ', focus ' + (document.activeElement && document.activeElement.outerHTML.slice(0, 120))));
    }, 10000);
  })
`;

function gzipSize(dir: string): { raw: number; gzip: number; files: number } {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|css|html)$/.test(name)) {
        const bytes = readFileSync(path);
        raw += bytes.length;
        gzip += gzipSync(bytes, { level: 9 }).length;
        files++;
      }
    }
  };
  walk(dir);
  return { raw, gzip, files };
}

/**
 * A word whose every typed prefix changes the number of results (the probe waits for the count
 * to change, and a keystroke that matches the same items changes nothing on screen).
 */
function pickWord(library: Store['library'], keys: number): string {
  const total = (query: string) =>
    library.list({ query, sort: 'title', direction: 'asc', offset: 0, limit: 1 }).total;
  for (const word of LIBRARY_WORDS) {
    if (word.length < keys) continue;
    let last = library.list({ sort: 'title', direction: 'asc', offset: 0, limit: 1 }).total;
    let ok = true;
    for (let i = 1; i <= keys && ok; i++) {
      const next = total(word.slice(0, i));
      ok = next > 0 && next < last;
      last = next;
    }
    if (ok) return word.slice(0, keys);
  }
  throw new Error('no word narrows the results at every keystroke');
}

export async function benchRenderer(options: {
  items: number;
  runs: number;
  /** Keystrokes typed into the search box, each measured. */
  keystrokes: number;
}): Promise<Figure[]> {
  await buildParts(['renderer', 'bridge'], () => undefined);
  const bundle = gzipSize(join(dist, 'renderer'));

  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-bench-renderer-'));
  const keyProvider = envKeyProvider({ SHELF_STORE_KEY: randomBytes(32).toString('hex') });
  const store = await openStore(dataDir, keyProvider);
  const deadUrl = 'http://127.0.0.1:9';
  const userId = randomUUID();
  store.account.setSession({
    serverUrl: deadUrl,
    userId,
    email: 'reader@example.test',
    name: 'Bench Reader',
    token: randomBytes(32).toString('base64url'),
    tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    deviceSecret: null,
  });
  seedLibrary(store.db, options.items, userId);
  const word = pickWord(store.library, options.keystrokes);
  store.close();

  const app = await startBrowserApp({
    dataDir,
    rendererDir: join(dist, 'renderer'),
    bridgeScriptFile: join(dist, 'bridge', 'browser-bridge.js'),
    serverUrl: deadUrl,
    keyProvider,
    logger: silentLogger,
    coreOptions: { syncOnStart: false, syncIntervalMs: 0 },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const firstPaint: number[] = [];
  const keystrokes: number[][] = [];
  try {
    for (let run = -1; run < options.runs; run++) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.addInitScript({ content: FIRST_CARD_PROBE });
        await page.goto(app.host.loginUrl());
        await page
          .getByTestId('library-item')
          .first()
          .waitFor({ timeout: 30_000 })
          .catch(async (error: unknown) => {
            const text = await page
              .locator('body')
              .innerText()
              .catch(() => '');
            throw new Error(`no library card appeared; the page shows:\n${text.slice(0, 1000)}`, {
              cause: error,
            });
          });
        await page.waitForFunction('window.__firstCard !== null');
        const painted = (await page.evaluate('window.__firstCard')) as number | null;
        const box = page.getByRole('searchbox', { name: 'Search' });
        await box.focus();
        const times: number[] = [];
        for (const key of word) {
          const measured = page.evaluate(KEYSTROKE) as Promise<number>;
          await page.evaluate('new Promise((r) => setTimeout(r, 0))');
          await page.keyboard.press(key);
          times.push(await measured);
        }
        if (run >= 0) {
          if (painted !== null) firstPaint.push(painted);
          keystrokes.push(times);
        }
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const group = `Renderer, ${options.items.toLocaleString('en')} items`;
  const paint = median(firstPaint);
  const perKey = word
    .split('')
    .map((_, i) => median(keystrokes.map((run) => run[i] ?? Number.NaN)));
  const key = median(keystrokes.flat());
  return [
    {
      group,
      name: 'first paint of the library (navigation → first card)',
      value: paint,
      unit: 'ms',
      target: '< 800 ms',
      met: paint < 800,
      note: `${firstPaint.length} fresh contexts`,
    },
    {
      group,
      name: `search keystroke → updated results (typing "${word}")`,
      value: key,
      unit: 'ms',
      target: '< 50 ms',
      met: key < 50,
      note: `per key ${perKey.map((v) => v.toFixed(0)).join(' / ')} ms`,
    },
    {
      group,
      name: 'production bundle, gzip (js + css + html)',
      value: bundle.gzip / 1024,
      unit: 'KB',
      target: '< 250 KB',
      met: bundle.gzip / 1024 < 250,
      note: `${bundle.files} files, ${(bundle.raw / 1024).toFixed(0)} KB raw`,
    },
  ];
}
