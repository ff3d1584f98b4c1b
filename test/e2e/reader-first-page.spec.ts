import { benchmarkEpub } from '../../server/seed/demo-books';
import { expect, test } from './fixtures/app';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';

/** Resolves when the reader's status first shows a position: the first page is on screen. */
const FIRST_PAGE_PROBE = `
  window.__firstPage = null;
  window.__openedAt = null;
  new MutationObserver((_, observer) => {
    const status = document.querySelector('[data-testid="reader-status"]');
    if (status && /%$/.test(status.textContent ?? '')) {
      observer.disconnect();
      requestAnimationFrame(() => { window.__firstPage = performance.now(); });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('a')?.textContent === 'Open')
      window.__openedAt = performance.now();
  }, { capture: true, once: true });
`;

/** The reader's phase marks (epub-reader.tsx), ms after the click on "Open". */
const PHASES = `(() => {
  const phases = {};
  for (const mark of performance.getEntriesByType('mark'))
    if (mark.name.startsWith('reader:') && !(mark.name in phases))
      phases[mark.name.slice('reader:'.length)] = Math.round(mark.startTime - window.__openedAt);
  phases['first page'] = Math.round(window.__firstPage - window.__openedAt);
  return phases;
})()`;

/**
 * Issue 18's target: the reader's first page shows in < 500 ms for a 1 MB EPUB. Measured from the
 * click on "Open" to the first position reported by the reader (the section laid out in its
 * frame, next animation frame), over five opens. As in bench/, the target is reported (the test's
 * `figure` annotation and its output), not asserted: the figure depends on the machine's load.
 */
test('the first page of a 1 MB EPUB: time to show it', async ({ page, app }) => {
  const epub = benchmarkEpub();
  expect(epub.length).toBeGreaterThan(1_000_000);
  const published = await app.serverFetch('/v1/admin/contents', {
    admin: true,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: 'Benchmark Book',
      creator: 'Shelfkeeper',
      kind: 'ebook',
      description: 'A 1 MB EPUB for the reader benchmark.',
      priceCents: 100,
      mime: 'application/epub+zip',
      fileBase64: epub.toString('base64'),
    }),
  });
  expect(published.status).toBe(201);
  const { contentId } = (await published.json()) as { contentId: string };
  expect((await app.invoke('store.buy', { contentId, pointsToUse: 100 })).ok).toBe(true);

  const library = new LibraryPage(page);
  const item = new ItemPage(page);
  await page.reload();
  await library.open('Benchmark Book');
  await item.download();
  const itemUrl = page.url();

  const times: number[] = [];
  for (let round = 0; round < 6; round++) {
    await page.goto(itemUrl);
    await page.reload();
    await expect(item.openLink()).toBeVisible();
    await page.evaluate(FIRST_PAGE_PROBE);
    await item.openViewer();
    // Only the probe's own check runs in the page until the first page shows: a locator's
    // polling (an accessibility walk of the page) would take the reader's main thread meanwhile.
    const ms = await page.waitForFunction(() => {
      const w = window as unknown as { __firstPage: number | null; __openedAt: number | null };
      return w.__firstPage !== null && w.__openedAt !== null && w.__firstPage - w.__openedAt;
    });
    await expect(page.getByTestId('reader-status')).toHaveText(/%$/);
    // The first round warms the HTTP cache of the app's own scripts, as a running app has.
    if (round > 0) times.push((await ms.jsonValue()) as number);
    // Where the time went (bench/findings.md): engine = foliate's code loaded, headers/bytes =
    // the content route's answer, book-opened = zip directory, OPF and nav read.
    console.log(`round ${round}: ${JSON.stringify(await page.evaluate(PHASES))}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Infinity;
  test.info().annotations.push({
    type: 'figure',
    description: `first page of a ${(epub.length / 1e6).toFixed(2)} MB EPUB: median ${median.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
  });
  console.log(`reader first page: median ${median.toFixed(0)} ms of ${times.join(', ')}`);
  await page.screenshot({ path: '/tmp/reader-bench-first-page.png' });
  // Only a broken reader is a failure here; see the report for the figure against 500 ms.
  expect(median).toBeLessThan(10_000);
});
