import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { ReaderPage } from './pages/reader-page';

const BOOK = 'The Quiet Shelf';

test.describe('places (docs/design.md §11.4)', () => {
  test('an EPUB opens where the reader left it: after leaving, after a restart, and on a second device', async ({
    page,
    app,
    browser,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const reader = new ReaderPage(page);
    await library.open(BOOK);
    await item.downloadAndOpen();
    await expect(reader.status()).toHaveText(/%$/);

    await reader.chapter('What the Porter Saw');
    await reader.section('<h1>What the Porter Saw</h1>');
    await expect(reader.status()).toContainText('What the Porter Saw');
    await reader.addBookmark();
    const marked = (await reader.status().textContent()) ?? '';
    await expect(reader.bookmarks().getByRole('listitem')).toHaveCount(1);
    await reader.chapter('The Morning Count');
    const chapter = await reader.section('<h1>The Morning Count</h1>');
    await reader.next();
    const place = (await reader.status().textContent()) ?? '';
    expect(place).toContain('The Morning Count');
    await page.screenshot({ path: '/tmp/places-epub-bookmarks.png' });
    // The reader, bookmarks included, and the book's own section with its styles applied.
    await shell.expectAccessible({ iframes: false });
    await reader.expectSectionAccessible(chapter);

    // Leave for the library and come back: the same place, and the bookmark.
    await shell.goTo('Library');
    await library.open(BOOK);
    await item.openViewer();
    await expect(reader.status()).toHaveText(place);
    await expect(reader.bookmarks().getByRole('listitem')).toHaveCount(1);

    // The bookmark jumps back to where it was added.
    await reader.goToBookmark(marked);
    await expect(reader.status()).toHaveText(marked);
    await reader.chapter('The Morning Count');
    await reader.section('<h1>The Morning Count</h1>');
    await reader.next();
    await expect(reader.status()).toHaveText(place);
    await shell.goTo('Library');

    // The app restarts on the same data folder: the place comes from the encrypted store.
    await app.restartApp();
    await page.goto(app.loginUrl());
    await library.open(BOOK);
    await item.openViewer();
    await expect(reader.status()).toHaveText(place);
    await expect(reader.bookmarks().getByRole('listitem')).toHaveCount(1);

    // A second device of the same user, after both synced: the same place and bookmark.
    expect((await app.invoke('sync.now', {})).ok).toBe(true);
    const device = await app.secondDevice();
    expect((await device.invoke('sync.now', {})).ok).toBe(true);
    const context = await browser.newContext();
    try {
      const other = await context.newPage();
      await other.goto(device.loginUrl());
      const otherItem = new ItemPage(other);
      const otherReader = new ReaderPage(other);
      await new LibraryPage(other).open(BOOK);
      await otherItem.download();
      await expect(otherItem.badges()).toContainText('Downloaded');
      await otherItem.openViewer();
      await expect(otherReader.status()).toHaveText(place);
      await expect(otherReader.bookmarks().getByRole('listitem')).toHaveCount(1);
      await other.screenshot({ path: '/tmp/places-epub-second-device.png' });
    } finally {
      await context.close();
    }
  });

  test('a PDF keeps its page and zoom; bookmarks jump and can be deleted', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const reader = new ReaderPage(page);
    await library.open('Pocket Typesetting Guide');
    await item.downloadAndOpen();
    const number = page.getByTestId('pdf-page-number');
    await expect(number).toHaveText('Page 1 of 8');

    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('button', { name: 'Page 3' })
      .click();
    await reader.addBookmark();
    await expect(reader.bookmark('Page 3')).toBeVisible();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('button', { name: 'Page 6' })
      .click();
    await expect(number).toHaveText('Page 6 of 8');
    await expect(page.getByTestId('pdf-zoom')).toHaveText('150%');
    await page.screenshot({ path: '/tmp/places-pdf-bookmarks.png' });
    await shell.expectAccessible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/places-pdf-bookmarks-dark.png' });
    await shell.expectAccessible();
    await page.emulateMedia({ colorScheme: 'light' });

    await shell.goTo('Library');
    await library.open('Pocket Typesetting Guide');
    await item.openViewer();
    await expect(number).toHaveText('Page 6 of 8');
    await expect(page.getByTestId('pdf-zoom')).toHaveText('150%');

    await reader.goToBookmark('Page 3');
    await expect(number).toHaveText('Page 3 of 8');
    await expect(page.getByTestId('pdf-zoom')).toHaveText('125%');
    await reader.deleteBookmark('Page 3');
    await expect(reader.bookmarks()).toContainText('No bookmarks yet.');
    await page.reload();
    await expect(number).toHaveText('Page 3 of 8');
    await expect(reader.bookmarks()).toContainText('No bookmarks yet.');
  });
});

test.describe('audio places', () => {
  test('a bookmark in an audio item keeps its time and jumps back to it', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const reader = new ReaderPage(page);
    await library.open('Night Market Loops');
    await item.downloadAndOpen();
    const audio = page.getByTestId('app-audio');
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.duration))
      .toBeGreaterThan(0);
    // Half-way through the loop, paused: the bookmark takes that time.
    const half = await audio.evaluate((el: HTMLAudioElement) => {
      el.currentTime = el.duration / 2;
      return Number((el.duration / 2).toFixed(1));
    });
    const clock = `${Math.floor(half / 60)}:${String(Math.floor(half % 60)).padStart(2, '0')}`;
    await expect(item.viewer().getByTestId('audio-time')).toContainText(`${clock} /`);
    await reader.addBookmark();
    const label = `At ${clock}`;
    await expect(reader.bookmark(label)).toBeVisible();
    await audio.evaluate((el: HTMLAudioElement) => {
      el.currentTime = 0;
    });
    await page.screenshot({ path: '/tmp/places-audio-bookmark.png' });
    await shell.expectAccessible();

    await shell.goTo('Library');
    await library.open('Night Market Loops');
    await item.openViewer();
    await reader.goToBookmark(label);
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => Number(el.currentTime.toFixed(1))))
      .toBe(half);
  });
});
