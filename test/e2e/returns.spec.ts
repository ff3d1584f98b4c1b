import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { ReturnDialog } from './pages/return-dialog';
import { WalletPage } from './pages/wallet-page';

test.describe('returns', () => {
  test('sell back: the options side by side, then the points and the new balance', async ({
    page,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const dialog = new ReturnDialog(page);

    await library.open('The Quiet Shelf');
    await item.download();
    await item.returnButton().click();

    const sell = dialog.option('Sell back for 699 points');
    const trade = dialog.option('Trade in for version 3');
    await expect(sell).toBeVisible();
    await expect(trade).toBeVisible();
    // Side by side: the two option cards share a row.
    const [a, b] = await Promise.all([
      sell.locator('..').boundingBox(),
      trade.locator('..').boundingBox(),
    ]);
    expect(Math.abs((a?.y ?? 0) - (b?.y ?? 1))).toBeLessThan(2);
    expect((b?.x ?? 0) > (a?.x ?? 0)).toBe(true);
    await expect(dialog.fact('Return window')).toHaveText(/^Ends \d{1,2} \w{3} \d{4}$/);
    await expect(dialog.fact('Deleted from this device')).toContainText('the downloaded file');
    await shell.screenshot('return-dialog');
    await shell.screenshotOf(dialog.dialog(), 'return-dialog-only');

    await dialog.choose('Sell back for 699 points');
    const noted = await shell.noteStatusPill('[data-testid="privilege-confirmation"]');
    await dialog.confirm();
    await expect(dialog.confirmation()).toContainText('You received 699 points.');
    await expect(shell.statusPill()).not.toContainText('queued');
    // Once the confirmation is on screen, the header never says the return is still queued
    // (the browser host's events and answers arrive in the host's order, docs/design.md §7.5).
    const states = await noted();
    expect(states.some((s) => s.shown)).toBe(true);
    expect(states.filter((s) => s.shown && s.status.includes('queued'))).toEqual([]);
    await expect(dialog.confirmation()).toContainText('Your balance is now 2,699 points.');
    await shell.screenshot('privilege-points');
    await shell.screenshotOf(dialog.dialog(), 'privilege-points-only');

    await dialog.confirmation().getByRole('link', { name: 'Back to library' }).click();
    await expect(library.items()).toHaveCount(5);
    await expect(library.item('The Quiet Shelf')).toHaveCount(0);
    await expect(shell.balance()).toHaveText('2,699 points');

    await shell.goTo('Wallet & history');
    const wallet = new WalletPage(page);
    await expect(wallet.balance()).toHaveText('2,699 points');
    await expect(wallet.ledger()).toContainText('Buyback of a return');
    await expect(wallet.ledger()).toContainText('+699');
    await expect(wallet.receipts()).toContainText('The Quiet Shelf');
    await expect(wallet.receipts()).toContainText('Buyback');
  });

  test('trade in: the upgraded version is in the library, ready to download', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const dialog = new ReturnDialog(page);

    await library.startReturn('Pixel Garden');
    await dialog.choose('Trade in for version 3');
    await dialog.confirm();
    await expect(dialog.confirmation()).toContainText('You now have version 3 of “Pixel Garden”.');
    await expect(dialog.confirmation()).toContainText('ready to download');
    await shell.screenshot('privilege-upgrade');

    await dialog.confirmation().getByRole('link', { name: 'Download version 3' }).click();
    await expect(item.title('Pixel Garden')).toBeVisible();
    await expect(item.badges()).toContainText('v3');
    await expect(item.badges()).not.toContainText('Upgrade available');
    await item.download();
    await item.openViewer();
    await expect(item.viewer().getByRole('img', { name: 'Pixel Garden' })).toBeVisible();
    await shell.screenshot('upgrade-opened');

    await shell.goTo('Library');
    await expect(library.items()).toHaveCount(6);
    await expect(library.item('Pixel Garden')).toContainText('v3');
    await shell.goTo('Wallet & history');
    await expect(new WalletPage(page).upgrades()).toContainText(
      '“Pixel Garden”: version 1 traded in for version 3',
    );
  });

  test('an item whose window closed says so and offers no Return', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);

    await library.open('Tide Tables 2026');
    await expect(item.facts()).toContainText(/Ended \d{1,2} \w{3} \d{4}/);
    await expect(item.cannotReturn()).toContainText(
      'This item can’t be returned: its return period ended on',
    );
    await expect(item.returnButton()).toHaveCount(0);
    await expect(page.getByText('RETURN_WINDOW_CLOSED')).toHaveCount(0);
    await shell.screenshot('return-refused');
    await shell.goTo('Library');
    await expect(library.item('Tide Tables 2026')).toBeVisible();
  });
});
