import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserAppChild } from './lib/browser-app-child';
import { seedScreenCovers } from './lib/cover-seed';
import type { Figure } from './lib/results';
import { median } from './lib/stats';
import {
  launchChromium,
  DEAD_URL,
  SOCKET_PROBE,
  bridgeCalls,
  bridgeWorker,
  pagedValue,
  perKeyMedians,
  probedPage,
  typeSearchKey,
  type Keystroke,
  type SeededLibrary,
} from './renderer';

/** Items given a cover on each screen typing shows: the screen, its overscan and a scroll more. */
const COVERED_PER_SCREEN = 60;

/**
 * The search keystroke of `measureRenderer` in a library whose items have covers, as a user's
 * do (the bench's own library has none): a copy of the seeded store whose items on the screens
 * the typed word shows (the empty box's and each prefix's) have a distinct catalog cover each,
 * typed the same way (fresh contexts, from the app's first commit). What it tells: how much a
 * screen's covers, asked, read from the vault, sent through the bridge and decoded, take from the
 * keys typed over them (design §12.4, bench/findings.md, keystroke, seventeenth pass).
 */
export async function measureCoveredTyping(
  seeded: SeededLibrary,
  options: { runs: number; items: number; builtDir: string },
): Promise<Figure> {
  const { word, storeKey } = seeded;
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-bench-covers-'));
  try {
    cpSync(seeded.dataDir, dataDir, { recursive: true });
    const seededCovers = await seedScreenCovers(dataDir, storeKey, word, COVERED_PER_SCREEN);
    const app = await startBrowserAppChild({
      dataDir,
      storeKey,
      rendererDir: join(options.builtDir, 'renderer'),
      prerenderDir: join(options.builtDir, 'prerender'),
      bridgeScriptFile: join(options.builtDir, 'bridge', 'browser-bridge.js'),
      serverUrl: DEAD_URL,
    });
    const runs: { keys: Keystroke[]; coverCalls: number; cpuPerKey: number }[] = [];
    try {
      const browser = await launchChromium();
      try {
        // Run -1 warms the host and the core up, as the main loop's does.
        for (let run = -1; run < options.runs; run++) {
          const { context, page } = await probedPage(browser);
          try {
            await page.goto(await app.loginUrl());
            await page.getByTestId('library-item').first().waitFor({ timeout: 30_000 });
            await pagedValue<number>(page, 'window.__appCard');
            const timeOrigin = (await page.evaluate('performance.timeOrigin')) as number;
            await (await bridgeWorker(page)).evaluate(SOCKET_PROBE);
            await page.getByRole('searchbox', { name: 'Search' }).focus();
            const cpuBefore = await app.cpuMs();
            const keys: Keystroke[] = [];
            for (const key of word) keys.push(await typeSearchKey(page, key, timeOrigin));
            // The covers of the last screen come after it: counted as the main loop counts the
            // last key's type-ahead.
            await page.waitForTimeout(300);
            const cpu = (await app.cpuMs()) - cpuBefore;
            const firstKey = keys[0]?.keydown ?? 0;
            const coverCalls = (await bridgeCalls(page, timeOrigin)).filter(
              (c) => c.channel === 'library.cover' && c.start >= firstKey,
            ).length;
            if (run >= 0) runs.push({ keys, coverCalls, cpuPerKey: cpu / word.length });
          } finally {
            await context.close();
          }
        }
      } finally {
        await browser.close();
      }
    } finally {
      await app.close();
    }
    const all = runs.flatMap((r) => r.keys);
    const perKey = perKeyMedians(
      word,
      runs.map((r) => r.keys),
    );
    const inPage = all.filter((k) => k.inPage).length;
    return {
      group: `Renderer, ${options.items.toLocaleString('en')} items`,
      name: `search keystroke → results painted, the typed screens' items with covers (typing "${word}")`,
      value: median(all.map((k) => k.painted)),
      unit: 'ms',
      note:
        `${runs.length} fresh contexts; ${seededCovers.covers} distinct covers of ` +
        `${(seededCovers.meanBytes / 1024).toFixed(0)} KB (PNG) on the first ` +
        `${COVERED_PER_SCREEN} items of each screen; per key ${perKey.map((v) => v.toFixed(0)).join(' / ')} ms; ` +
        `answered in the page ${inPage} of ${all.length}; library.cover calls from the first key ` +
        `to 300 ms after the last, median ${median(runs.map((r) => r.coverCalls)).toFixed(0)} a run; ` +
        `host CPU per key ${median(runs.map((r) => r.cpuPerKey)).toFixed(1)} ms; the target is the figure without covers`,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
