import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { ReturnDialog } from './pages/return-dialog';
import { SignInPage } from './pages/sign-in-page';
import { StorePage } from './pages/store-page';

/** Every screen of the signed-in app, each checked with axe-core and screenshotted. */
async function checkEveryScreen(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const shell = new AppPage(page);
  const library = new LibraryPage(page);
  const item = new ItemPage(page);
  await page.emulateMedia({ colorScheme: scheme });

  await expect(library.item('The Quiet Shelf')).toBeVisible();
  await shell.expectAccessible();
  await library.layout('List');
  await shell.expectAccessible();
  await library.layout('Grid');

  await library.open('The Quiet Shelf');
  await expect(item.title('The Quiet Shelf')).toBeVisible();
  await shell.expectAccessible();

  await item.returnButton().click();
  await expect(new ReturnDialog(page).option(/Sell back/)).toBeVisible();
  await shell.expectAccessible();
  await shell.screenshot(`a11y-return-dialog-${scheme}`);
  await page.keyboard.press('Escape');

  await item.download();
  await item.openViewer();
  // The EPUB reader; the book's own sections are its author's, the reader around them is ours.
  await expect(page.getByTestId('reader-status')).toHaveText(/%$/);
  // With the cover on screen, axe's scrolling of the book's element left foliate and the page
  // unresponsive: the book's element is left out, its toolbar, contents and status are checked.
  await shell.expectAccessible({ iframes: false, exclude: '.epub-pages' });

  await shell.goTo('Store');
  const store = new StorePage(page);
  await expect(store.card('Field Notes on Light')).toBeVisible();
  await shell.expectAccessible();
  await store.startBuying('Field Notes on Light');
  await shell.expectAccessible();
  await page.keyboard.press('Escape');

  for (const screen of ['Wallet & history', 'Sync status', 'Devices', 'Settings'] as const) {
    await shell.goTo(screen);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shell.expectAccessible();
  }
  await shell.screenshot(`a11y-settings-${scheme}`);
}

test.describe('accessibility', () => {
  test('axe finds no serious violation on any screen, light theme', async ({ page }) => {
    await checkEveryScreen(page, 'light');
  });

  test('axe finds no serious violation on any screen, dark theme', async ({ page }) => {
    await checkEveryScreen(page, 'dark');
  });

  test('the return flow works from the keyboard alone, with visible focus', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    await expect(library.item('The Quiet Shelf')).toBeVisible();

    // Tab from the search field to the first card of the grid, and open it with Enter.
    await page.getByRole('searchbox', { name: 'Search' }).focus();
    await page.keyboard.type('quiet');
    await expect(library.items()).toHaveCount(1);
    for (
      let i = 0;
      i < 12 &&
      !(await library.item('The Quiet Shelf').evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    const card = library.item('The Quiet Shelf');
    await expect(card).toBeFocused();
    const outline = await card.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await shell.screenshot('keyboard-focus');

    // Arrow keys and End move between cards without tabbing through each.
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect(library.items()).toHaveCount(6);
    await library.items().first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(library.items().nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(library.item('Tide Tables 2026')).toBeFocused();
    await page.keyboard.press('Home');
    await expect(library.items().first()).toBeFocused();

    await page.getByRole('searchbox', { name: 'Search' }).fill('quiet');
    await expect(library.items()).toHaveCount(1);
    await library.item('The Quiet Shelf').focus();
    await page.keyboard.press('Enter');

    const item = new ItemPage(page);
    await expect(item.title('The Quiet Shelf')).toBeVisible();
    await item.returnButton().focus();
    await page.keyboard.press('Enter');
    const dialog = new ReturnDialog(page);
    await expect(dialog.option(/Sell back/)).toBeChecked();
    // Arrow keys move between the options of the radio group.
    await dialog.option(/Sell back/).focus();
    await page.keyboard.press('ArrowRight');
    await expect(dialog.option(/Trade in/)).toBeChecked();
    await page.keyboard.press('Escape');
    await expect(dialog.dialog()).toHaveCount(0);
    await expect(item.returnButton()).toBeVisible();
  });
});

test.describe('accessibility, signed out', () => {
  test.use({ signedIn: false });

  test('the sign-in screen has no serious violation', async ({ page }) => {
    const shell = new AppPage(page);
    await expect(new SignInPage(page).heading()).toBeVisible();
    await shell.expectAccessible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.expectAccessible();
  });
});
