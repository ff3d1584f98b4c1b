import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { ReturnDialog } from './pages/return-dialog';
import { StorePage } from './pages/store-page';

test.describe('small window', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  test('no screen breaks its layout at 800×600', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);

    await expect(library.item('Pocket Typesetting Guide')).toBeVisible();
    await shell.expectNoHorizontalOverflow();
    await library.layout('List');
    await shell.expectNoHorizontalOverflow();
    await shell.screenshot('small-library-list');

    await library.open('Pocket Typesetting Guide');
    await expect(item.title('Pocket Typesetting Guide')).toBeVisible();
    await shell.expectNoHorizontalOverflow();
    await shell.screenshot('small-item');

    await item.returnButton().click();
    const dialog = new ReturnDialog(page);
    await expect(dialog.options().first()).toBeVisible();
    const box = await dialog.dialog().boundingBox();
    expect(
      box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 800 && box.y + box.height <= 600,
    ).toBe(true);
    await shell.screenshot('small-return-dialog');
    await page.keyboard.press('Escape');

    await shell.goTo('Store');
    await expect(new StorePage(page).card('Field Notes on Light')).toBeVisible();
    await shell.expectNoHorizontalOverflow();
    await shell.screenshot('small-store');

    for (const screen of ['Wallet & history', 'Sync status', 'Settings'] as const) {
      await shell.goTo(screen);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await shell.expectNoHorizontalOverflow();
    }
    await shell.screenshot('small-settings');
  });
});
