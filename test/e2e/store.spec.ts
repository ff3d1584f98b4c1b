import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { StorePage } from './pages/store-page';

test.describe('store', () => {
  test("shows each item's catalog cover on its card, the letter tile for one without", async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const store = new StorePage(page);
    // An item published without a cover: its card keeps the kind's letter tile.
    const published = await app.serverFetch('/v1/admin/contents', {
      admin: true,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Uncovered Notes',
        creator: 'Test Creator',
        kind: 'ebook',
        priceCents: 100,
        mime: 'text/plain',
        fileBase64: Buffer.from('notes').toString('base64'),
      }),
    });
    expect(published.status).toBe(201);
    const quiet = app.demo.seed.products['quiet-shelf']?.contentIds[0] ?? '';
    const served = await app.serverFetch(`/v1/catalog/${quiet}/cover`);
    expect(served.status).toBe(200);
    const bytes = Buffer.from(await served.arrayBuffer()).toString('base64');

    await shell.goTo('Store');
    const cover = (title: string) => store.card(title).getByTestId('store-cover-image');
    // The card shows the server's own bytes, brought through the core as a data: URL.
    await expect(cover('The Quiet Shelf')).toHaveAttribute('src', `data:image/png;base64,${bytes}`);
    for (const title of ['Night Market Loops', 'Pocket Typesetting Guide']) {
      await expect(cover(title)).toBeVisible();
    }
    await expect(store.card('Uncovered Notes')).toBeVisible();
    await expect(cover('Uncovered Notes')).toHaveCount(0);
    await expect(store.card('Uncovered Notes').locator('.store-cover')).toHaveText('U');
    await shell.expectAccessible();
    await shell.screenshot('store-covers');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.expectAccessible();
    await shell.screenshot('store-covers-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('shows price and buyback terms, buys with points, and the item is ready to download', async ({
    page,
  }) => {
    const shell = new AppPage(page);
    const store = new StorePage(page);
    const item = new ItemPage(page);

    await shell.goTo('Store');
    await store.search('field notes');
    const card = store.card('Field Notes on Light');
    await expect(card).toBeVisible();
    await expect(store.card('The Quiet Shelf')).toHaveCount(0);
    await expect(card).toContainText('$14.99');
    await expect(card).toContainText('Returnable within 14 days of purchase.');
    await expect(card).toContainText('Sell back for 60% of the price as points (899 points).');
    await shell.screenshot('store');

    await store.startBuying('Field Notes on Light');
    await expect(store.dialog()).toContainText('Price: $14.99');
    await expect(store.dialog()).toContainText('Sell back for 60% of the price as points');
    await expect(store.dialog()).toContainText('Your balance: 2,000 points.');
    await store.payWith(/^Points/);
    await expect(store.dialog()).toContainText('You pay $0.00 and 1,499 points.');
    await shell.screenshot('store-buy');
    await store.confirmPurchase();
    await expect(store.confirmation()).toContainText('“Field Notes on Light” is in your library.');
    await expect(store.confirmation()).toContainText('Your points balance is now 501 points.');
    await expect(shell.balance()).toHaveText('501 points');

    await store.confirmation().getByRole('link', { name: 'Go to it and download' }).click();
    await expect(item.title('Field Notes on Light')).toBeVisible();
    await expect(item.downloadButton()).toBeVisible();
    await shell.goTo('Library');
    await expect(new LibraryPage(page).item('Field Notes on Light')).toContainText('v2');
    await shell.goTo('Store');
    await store.search('field notes');
    await expect(
      store.card('Field Notes on Light').getByRole('link', { name: 'In your library' }),
    ).toBeVisible();
  });

  test('buys with money and points together, and explains what cannot be bought', async ({
    page,
  }) => {
    const shell = new AppPage(page);
    const store = new StorePage(page);
    await shell.goTo('Store');
    await store.search('Shelf CLI');
    await store.startBuying('Shelf CLI');
    await store.payWith(/^Both/);
    await store
      .dialog()
      .getByLabel(/Points to use/)
      .fill('999');
    await expect(
      store.dialog().getByRole('button', { name: 'Buy for $10.00 + 999 points' }),
    ).toBeVisible();
    await store.confirmPurchase();
    await expect(store.confirmation()).toContainText('Your points balance is now 1,001 points.');
    // The embedded server's `test` payment provider captured the money part at once, and says so.
    await expect(store.confirmation()).toContainText('Test payment: no money was charged.');
    await page.screenshot({ path: test.info().outputPath('test-payment-confirmation.png') });
    await store.dialog().getByRole('button', { name: 'Keep shopping' }).click();

    await store.search('Lighthouse Poster');
    await store.startBuying('Lighthouse Poster');
    // 1,200 points are needed and 1,001 are left: paying with points only is not offered.
    await expect(store.dialog().getByRole('radio', { name: /^Points/ })).toBeDisabled();
    await expect(store.dialog()).toContainText('not enough points');
  });
});
