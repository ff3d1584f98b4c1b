import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { ReaderPage } from './pages/reader-page';

test.describe('reader', () => {
  test('reads an EPUB: pages, font size, contents, and the place kept', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const reader = new ReaderPage(page);
    await library.open('The Quiet Shelf');
    await item.downloadAndOpen();

    // The cover first, then the first chapter after one page turn.
    await expect(reader.status()).toHaveText(/%$/);
    await reader.section('alt="The Quiet Shelf, by Ada Lindqvist"');
    await page.screenshot({ path: '/tmp/reader-epub-cover.png' });
    // The page stays responsive with the cover on screen: leave and come back.
    await shell.goTo('Store');
    await shell.goTo('Library');
    await library.open('The Quiet Shelf');
    await item.openViewer();
    await reader.section('alt="The Quiet Shelf, by Ada Lindqvist"');
    await reader.next();
    await expect(reader.status()).toContainText('The Morning Count');
    const chapter = await reader.section('<h1>The Morning Count</h1>');
    const fontSize = () => chapter.evaluate(() => getComputedStyle(document.body).fontSize);
    const before = await fontSize();
    await reader.larger();
    await expect(reader.fontSize()).toHaveText('115%');
    await expect.poll(fontSize).not.toBe(before);

    await reader.chapter('What the Porter Saw');
    await expect(reader.status()).toContainText('What the Porter Saw');
    await reader.section('<h1>What the Porter Saw</h1>');
    await reader.next();
    const place = await reader.status().textContent();
    await reader.theme('Sepia');
    await page.screenshot({ path: '/tmp/reader-epub-sepia.png' });
    await shell.expectAccessible({ iframes: false });

    // Leave for the library, come back: the same chapter and position.
    await shell.goTo('Library');
    await library.open('The Quiet Shelf');
    await item.openViewer();
    await expect(reader.status()).toHaveText(place ?? '');
    await page.reload();
    await expect(reader.status()).toHaveText(place ?? '');
  });
});

test.describe('PDF viewer', () => {
  test('shows pages drawn by pdf.js, next page, zoom, thumbnails and find', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await library.open('Pocket Typesetting Guide');
    await item.downloadAndOpen();

    const number = page.getByTestId('pdf-page-number');
    await expect(number).toHaveText('Page 1 of 8');
    const stage = page.getByTestId('pdf-stage');
    await expect(stage.locator('.textLayer')).toContainText('Contents');
    await page.getByRole('button', { name: 'Next page ›' }).click();
    await expect(number).toHaveText('Page 2 of 8');
    await expect(stage.locator('.textLayer')).toContainText('Leading is the space');

    const width = async () => (await stage.locator('.pdf-page').boundingBox())?.width ?? 0;
    const before = await width();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByTestId('pdf-zoom')).toHaveText('150%');
    await expect.poll(width).toBeGreaterThan(before * 1.15);

    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('button', { name: 'Page 7' })
      .click();
    await expect(number).toHaveText('Page 7 of 8');
    await stage.focus();
    await page.keyboard.press('ArrowRight');
    await expect(number).toHaveText('Page 8 of 8');

    await page.getByLabel('Find in document').fill('kerning');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await expect(page.getByTestId('pdf-hits')).toHaveText('Found on pages 1, 3');
    await expect(number).toHaveText('Page 1 of 8');
    await page.screenshot({ path: '/tmp/reader-pdf.png' });
    await shell.expectAccessible();
  });
});

test.describe('audio', () => {
  test('keeps playing while the user browses, with a mini player', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await library.open('Night Market Loops');
    await item.downloadAndOpen();
    const audio = page.getByTestId('app-audio');
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.duration))
      .toBeGreaterThan(0);
    await item.viewer().getByRole('button', { name: 'Play' }).click();
    await item.viewer().getByLabel('Speed').selectOption('1.5');
    await shell.goTo('Store');
    const mini = page.getByTestId('mini-player');
    await expect(mini).toContainText('Night Market Loops');
    const at = await audio.evaluate((el: HTMLAudioElement) => el.currentTime);
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime))
      .toBeGreaterThan(at);
    expect(await audio.evaluate((el: HTMLAudioElement) => [el.paused, el.playbackRate])).toEqual([
      false,
      1.5,
    ]);
    await page.screenshot({ path: '/tmp/reader-mini-player.png' });
    // The demo loops last about a second: pause from the mini player before it ends.
    await mini.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.paused)).toBe(true);
    await expect(mini.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await shell.expectAccessible();
  });
});

test.describe('software', () => {
  test('lists what the package holds instead of its raw bytes', async ({ page, app }) => {
    const cli = app.demo.seed.products['shelf-cli']?.contentIds[0] ?? '';
    expect((await app.invoke('store.buy', { contentId: cli, pointsToUse: 0 })).ok).toBe(true);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await page.reload();
    await library.open('Shelf CLI');
    await item.downloadAndOpen();
    const contents = page.getByTestId('package-contents');
    await expect(contents).toContainText('version');
    await expect(contents).toContainText('1.0.0');
    await expect(contents).toContainText('list, open, help');
    await expect(item.viewer()).not.toContainText('{');
    await expect(page.getByRole('button', { name: 'Save to a folder…' })).toBeVisible();
    await page.screenshot({ path: '/tmp/reader-software.png' });
  });
});
