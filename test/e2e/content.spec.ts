import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import type { AppFixture } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';

/** Records every `download.progress` event and whether a progress bar was ever on screen. */
async function watchDownload(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { progressEvents: unknown[]; sawProgressBar: boolean };
    w.progressEvents = [];
    w.sawProgressBar = false;
    window.shelf?.on('download.progress', (event) => w.progressEvents.push(event));
    new MutationObserver(() => {
      if (document.querySelector('progress')) w.sawProgressBar = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  return {
    events: () =>
      page.evaluate(
        () =>
          (window as unknown as { progressEvents: { receivedBytes: number; totalBytes: number }[] })
            .progressEvents,
      ),
    sawProgressBar: () =>
      page.evaluate(() => (window as unknown as { sawProgressBar: boolean }).sawProgressBar),
  };
}

async function downloadAndOpen(page: Page, title: string) {
  const library = new LibraryPage(page);
  const item = new ItemPage(page);
  await new AppPage(page).goTo('Library');
  await library.open(title);
  await expect(item.title(title)).toBeVisible();
  await item.downloadAndOpen();
  await expect(item.viewer()).toBeVisible();
  return item;
}

/** A large content, published and bought as setup, so the download takes many progress steps. */
async function publishAndBuyLargeContent(app: AppFixture): Promise<string> {
  const size = 6 * 1024 * 1024;
  const response = await app.serverFetch('/v1/admin/contents', {
    admin: true,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: 'Big Atlas',
      creator: 'Cartography Office',
      kind: 'software',
      description: 'A large file, to watch a download progress.',
      priceCents: 100,
      mime: 'application/octet-stream',
      fileBase64: randomBytes(size).toString('base64'),
    }),
  });
  expect(response.status).toBe(201);
  const { contentId } = (await response.json()) as { contentId: string };
  const bought = await app.invoke('store.buy', { contentId, pointsToUse: 100 });
  expect(bought.ok).toBe(true);
  return contentId;
}

test.describe('content', () => {
  test('downloads with a progress bar', async ({ page, app }) => {
    await publishAndBuyLargeContent(app);
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await page.reload();
    await library.open('Big Atlas');
    await expect(item.badges()).not.toContainText('Downloaded');
    const watch = await watchDownload(page);
    await item.download();
    await expect(item.openLink()).toBeVisible();
    expect(await watch.sawProgressBar()).toBe(true);
    const events = await watch.events();
    expect(events.length).toBeGreaterThan(1);
    const last = events.at(-1);
    expect(last?.totalBytes).toBe(6 * 1024 * 1024);
    expect(last?.receivedBytes).toBe(last?.totalBytes);
    expect(events.some((e) => e.receivedBytes < e.totalBytes)).toBe(true);
    await expect(item.facts()).toContainText('6.0 MB');
    await shell.screenshot('download-done');
  });

  test('opens text, Markdown, image, PDF and audio in the viewer', async ({ page, app }) => {
    const shell = new AppPage(page);
    // Setup: the demo user does not own the Markdown title; buying it through the UI is covered
    // by the store tests.
    const fieldNotes = app.demo.seed.products['field-notes']?.contentIds.at(-1) ?? '';
    expect((await app.invoke('store.buy', { contentId: fieldNotes, pointsToUse: 0 })).ok).toBe(
      true,
    );
    // The purchase reorders the library once its event reaches the page: a click before that
    // could land on the card that moved under it.
    await expect(new LibraryPage(page).item('Field Notes on Light')).toBeVisible();

    let item = await downloadAndOpen(page, 'Tide Tables 2026');
    await expect(item.viewer()).toContainText('Jan 01  high 06:12');
    await shell.screenshot('viewer-text');

    item = await downloadAndOpen(page, 'Field Notes on Light');
    await expect(item.viewer().getByRole('heading', { name: 'Before sunrise' })).toBeVisible();
    await expect(item.viewer().locator('strong')).toHaveText('Wait.');
    await expect(item.viewer().locator('blockquote')).toContainText('Light is patient');
    await shell.screenshot('viewer-markdown');

    item = await downloadAndOpen(page, 'Harbor Sketches');
    const image = item.viewer().getByRole('img', { name: 'Harbor Sketches' });
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
    await item.viewer().getByRole('button', { name: 'Zoom in' }).click();
    await expect(item.viewer().getByTestId('image-zoom')).toHaveText('200%');
    await expect.poll(() => image.evaluate((img) => img.getBoundingClientRect().width)).toBe(640);
    await shell.screenshot('viewer-image');

    await downloadAndOpen(page, 'Pocket Typesetting Guide');
    // Drawn by pdf.js in the page (no browser plugin): its text layer holds the page's words.
    await expect(page.getByTestId('pdf-page-number')).toHaveText('Page 1 of 8');
    await expect(page.getByTestId('pdf-stage').locator('.textLayer')).toContainText('Contents');
    await shell.screenshot('viewer-pdf');

    item = await downloadAndOpen(page, 'Night Market Loops');
    // One audio element in the shell plays the item (it keeps playing on other screens).
    const audio = page.getByTestId('app-audio');
    await expect(item.viewer().getByRole('button', { name: 'Play' })).toBeVisible();
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.duration))
      .toBeGreaterThan(0);
    await shell.screenshot('viewer-audio');
  });

  test('a content that is not downloaded explains itself', async ({ page }) => {
    const library = new LibraryPage(page);
    await library.open('The Quiet Shelf');
    await expect(page.getByRole('link', { name: 'Open', exact: true })).toHaveCount(0);
    const href = page.url();
    await page.goto(href.replace(/#\/item\//, '#/viewer/'));
    await expect(page.getByRole('alert')).toHaveText(
      /This content is not on this device yet\. Download it first\./,
    );
  });
});
