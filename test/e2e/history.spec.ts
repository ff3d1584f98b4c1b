import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { StorePage } from './pages/store-page';
import { WalletPage } from './pages/wallet-page';

/**
 * What the user owns and did, said where they look: the Store names the version they already
 * hold (and when a trade-in of it gives the newest), the points ledger names each item, and a
 * closed dialog gives the focus back to what opened it.
 */
test.describe('history and ownership', () => {
  test('the Store says which version you own and what a trade-in of it gives', async ({ page }) => {
    const shell = new AppPage(page);
    const store = new StorePage(page);
    await shell.goTo('Store');
    await store.search('quiet shelf');
    // The demo user bought version 1; the newest is 3, and the policy trades in for an upgrade.
    const newest = store.card('The Quiet Shelf').filter({ hasText: 'version 3' });
    await expect(newest.getByTestId('held-version')).toHaveText(
      'You own version 1. Trade in version 1 to get this version without buying it: see its return options.',
    );
    await expect(newest.getByRole('button', { name: /you own version 1/ })).toHaveText(
      'Buy version 3…',
    );
    await shell.screenshotOf(newest, 'store-held-version');

    // The promise holds: the server's quote for version 1 offers exactly that upgrade.
    await newest.getByRole('link', { name: 'see its return options' }).click();
    const item = new ItemPage(page);
    await expect(item.title('The Quiet Shelf')).toBeVisible();
    // The dialog's options are the server's quote for version 1.
    await item.returnButton().click();
    await expect(page.getByRole('dialog')).toContainText(/version 3/);
  });

  test('the points ledger names the item of each movement', async ({ page }) => {
    const shell = new AppPage(page);
    const wallet = new WalletPage(page);
    await shell.goTo('Wallet & history');
    // The demo user paid 300 points towards Night Market Loops.
    await expect(
      wallet.ledger().getByRole('row').filter({ hasText: '−300' }).getByRole('cell').nth(1),
    ).toHaveText('Spent on a purchase: Night Market Loops (version 1)');
    await shell.screenshot('wallet-ledger-items');
  });

  test('the library sorts titles naturally: 169 before 1677 before 1703', async ({ page, app }) => {
    for (const number of [1703, 169, 1677]) {
      const published = await app.serverFetch('/v1/admin/contents', {
        admin: true,
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          title: `Logbook ${number}`,
          creator: 'Harbour Office',
          kind: 'ebook',
          description: 'A numbered logbook.',
          priceCents: 100,
          mime: 'text/plain',
          fileBase64: Buffer.from(`Logbook ${number}\n`).toString('base64'),
        }),
      });
      expect(published.status).toBe(201);
      const { contentId } = (await published.json()) as { contentId: string };
      expect((await app.invoke('store.buy', { contentId, pointsToUse: 100 })).ok).toBe(true);
    }
    const library = new LibraryPage(page);
    await page.reload();
    await library.search('Logbook');
    await library.layout('Table');
    await expect
      .poll(() => library.rowTitles())
      .toEqual(['Logbook 169', 'Logbook 1677', 'Logbook 1703']);
  });

  test('closing a dialog gives the focus back to the button that opened it', async ({ page }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    await library.open('Pixel Garden');
    await item.returnButton().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(item.returnButton()).toBeFocused();

    const store = new StorePage(page);
    await shell.goTo('Store');
    await store.search('field notes');
    const buy = store.card('Field Notes on Light').getByRole('button', { name: /^Buy/ });
    await buy.click();
    await expect(store.dialog()).toBeVisible();
    await store.dialog().getByRole('button', { name: 'Close' }).click();
    await expect(store.dialog()).toHaveCount(0);
    await expect(buy).toBeFocused();
  });
});
