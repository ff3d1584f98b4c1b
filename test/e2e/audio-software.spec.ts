import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';

const time = (page: Page) =>
  page.getByTestId('app-audio').evaluate((el: HTMLAudioElement) => el.currentTime);

test.describe('audio chapters', () => {
  test('lists the file’s chapters, jumps by click, Enter and next, and the mini player names it', async ({
    page,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await library.open('Night Market Loops');
    await item.downloadAndOpen();
    const chapters = page.getByRole('navigation', { name: 'Chapters' });
    await expect(chapters.getByRole('button')).toHaveText([
      'Lanterns',
      'Noodle Stall',
      'Paper Kites',
      'Last Tram',
    ]);
    await expect
      .poll(() => page.getByTestId('app-audio').evaluate((el: HTMLAudioElement) => el.duration))
      .toBeGreaterThan(0);
    const current = chapters.locator('[aria-current="location"]');
    await expect(current).toHaveText('Lanterns');

    // A click jumps to the chapter's start (8 s: two rounds of four half-second notes each).
    await chapters.getByRole('button', { name: 'Paper Kites' }).click();
    await expect.poll(() => time(page)).toBeCloseTo(8, 1);
    await expect(current).toHaveText('Paper Kites');
    // The keyboard: focus a chapter and press Enter.
    await chapters.getByRole('button', { name: 'Noodle Stall' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => time(page)).toBeCloseTo(4, 1);
    await expect(current).toHaveText('Noodle Stall');
    const controls = item.viewer().getByRole('group', { name: 'Play Night Market Loops' });
    await controls.getByRole('button', { name: 'Next chapter' }).click();
    await expect(current).toHaveText('Paper Kites');
    await controls.getByRole('button', { name: 'Previous chapter' }).click();
    await expect(current).toHaveText('Noodle Stall');
    await controls.getByRole('button', { name: 'Next chapter' }).click();
    await controls.getByRole('button', { name: 'Next chapter' }).click();
    await expect(current).toHaveText('Last Tram');
    await expect(controls.getByRole('button', { name: 'Next chapter' })).toBeDisabled();

    await shell.expectAccessible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.expectAccessible();
    await shell.screenshot('audio-chapters-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await shell.screenshot('audio-chapters-light');

    // Playing the last chapter (to the end of the file), the user browses: the mini player
    // names the chapter.
    await controls.getByRole('button', { name: 'Play' }).click();
    await shell.goTo('Store');
    const mini = page.getByTestId('mini-player');
    await expect(mini).toContainText('Night Market Loops');
    await expect(mini.getByTestId('mini-chapter')).toHaveText('Chapter: Last Tram');
    await shell.expectAccessible();
    await shell.screenshot('audio-mini-chapter-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.expectAccessible();
    await shell.screenshot('audio-mini-chapter-dark');
    await mini.getByRole('button', { name: 'Close the player' }).click();
    await expect(mini).toHaveCount(0);
  });

  test('an item without chapters shows none; embedded artwork becomes the cover', async ({
    page,
    app,
  }) => {
    const chimes = app.demo.seed.products['morning-chimes']?.contentIds[0] ?? '';
    expect((await app.invoke('store.buy', { contentId: chimes, pointsToUse: 0 })).ok).toBe(true);
    expect((await app.invoke('content.download', { contentId: chimes })).ok).toBe(true);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await page.reload();
    await expect(library.item('Morning Chimes').getByTestId('cover-image')).toBeVisible();
    await new AppPage(page).screenshot('audio-artwork-cover');

    const rain = app.demo.seed.products['ambient-rain']?.contentIds[0] ?? '';
    expect((await app.invoke('store.buy', { contentId: rain, pointsToUse: 0 })).ok).toBe(true);
    await page.reload();
    await library.open('Ambient Rain');
    await item.download();
    await item.openViewer();
    await expect(item.viewer().getByRole('button', { name: 'Play' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Chapters' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Next chapter' })).toHaveCount(0);
  });
});

test.describe('software saved where the user picks', () => {
  test('the browser host saves the package file as a download named after the item', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const cli = app.demo.seed.products['shelf-cli']?.contentIds[1] ?? '';
    expect((await app.invoke('store.buy', { contentId: cli, pointsToUse: 0 })).ok).toBe(true);
    await page.reload();
    await library.open('Shelf CLI');
    await item.downloadAndOpen();
    const contents = page.getByTestId('package-contents');
    await expect(contents).toContainText('manifest.json');
    await expect(contents).toContainText('bin/shelf-cli.js');
    // What it holds, never its raw bytes.
    await expect(item.viewer()).not.toContainText('PK');

    const saving = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save to a folder…' }).click();
    const download = await saving;
    expect(download.suggestedFilename()).toBe('Shelf CLI.zip');
    const saved = readFileSync((await download.path()) ?? '');
    expect(Object.keys(unzipSync(saved)).sort()).toEqual([
      'README.md',
      'bin/shelf-cli.js',
      'manifest.json',
    ]);
    await expect(page.getByTestId('save-outcome')).toHaveText(
      'Your browser is saving Shelf CLI.zip (it may ask where).',
    );
    await shell.expectAccessible();
    await shell.screenshot('software-save-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.expectAccessible();
    await shell.screenshot('software-save-dark');
  });
});
