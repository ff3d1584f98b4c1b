import { MAX_BALANCE } from '../../shared/api/balance-cap';
import type { AppFixture } from './fixtures/app';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';
import { ReturnDialog } from './pages/return-dialog';
import { StorePage } from './pages/store-page';
import { SyncPage } from './pages/sync-page';

// Issue 15, observations 1–6: what the app says about a return is what the server then does.

/** A content of the demo catalog by product key, oldest version first. */
function contentOf(app: AppFixture, key: string, version = 1): string {
  const id = app.demo.seed.products[key]?.contentIds[version - 1];
  if (!id) throw new Error(`no demo content ${key} v${version}`);
  return id;
}

async function invokeOk(app: AppFixture, ...args: Parameters<AppFixture['invoke']>) {
  const result = await app.invoke(...args);
  expect(result).toMatchObject({ ok: true });
  return result;
}

test.describe('returns the app never contradicts', () => {
  test('1: the limit counts every return of the user; the dialog says so and offers nothing past it', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const dialog = new ReturnDialog(page);

    await shell.goTo('Store');
    const store = new StorePage(page);
    await store.search('Shelf CLI');
    await expect(store.card('Shelf CLI')).toContainText(
      'Up to 2 returns in any 30 days, counting every return you make (of any item).',
    );
    await shell.screenshot('truth-1-store-limit');

    await invokeOk(app, 'store.buy', { contentId: contentOf(app, 'shelf-cli', 2) });
    await invokeOk(app, 'returns.request', {
      contentId: contentOf(app, 'harbor-sketches', 2),
      kind: 'buyback',
    });
    await shell.goTo('Library');
    await library.startReturn('Shelf CLI');
    await expect(dialog.fact('Returns limit')).toHaveText(
      '1 of 2 used in the last 30 days (every return you make counts)',
    );
    await expect(dialog.option(/Sell back for 999 points/)).toBeVisible();
    await expect(dialog.dialog()).toContainText('50% of what you paid.');
    await dialog.dialog().getByRole('button', { name: 'Keep it' }).click();

    // The second return of another item uses the limit up: the quote now refuses, saying when.
    await invokeOk(app, 'returns.request', {
      contentId: contentOf(app, 'pixel-garden'),
      kind: 'buyback',
    });
    await item.returnButton().click();
    await expect(dialog.refusal()).toContainText(
      'You have used all 2 returns allowed in any 30 days (every return you make counts, whatever the item).',
    );
    await expect(dialog.refusal()).toContainText(/Your next return is possible from \d/);
    await expect(dialog.fact('Returns limit')).toHaveText(
      '2 of 2 used in the last 30 days (every return you make counts)',
    );
    await expect(dialog.confirmButton()).toHaveCount(0);
    await expect(dialog.options()).toHaveCount(0);
    await expect(dialog.dialog()).not.toContainText('Offer held until');
    await shell.screenshot('truth-1-limit-refused');
    await shell.expectAccessible();
    await dialog.close();
    // Said once, in the dialog: no notice, no banner (the two returns made are told as such).
    await expect(page.locator('.notice')).toHaveCount(2);
    await expect(page.locator('.notice').filter({ hasText: /refused|limit/ })).toHaveCount(0);
    await expect(page.getByText('Your last return request was refused')).toHaveCount(0);
    await expect(item.badges()).not.toContainText('Return refused');
  });

  test('2: a points-only trade-in promises points and says why, online and offline', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const dialog = new ReturnDialog(page);

    await expect(library.item('Night Market Loops')).toBeVisible();
    await expect(library.item('Night Market Loops')).not.toContainText('Upgrade available');
    await expect(library.item('Night Market Loops')).toContainText('Version 2 out');
    await library.open('Night Market Loops');
    await expect(item.badges()).not.toContainText('Upgrade available');
    await item.returnButton().click();
    await expect(dialog.option('Trade in for 639 points')).toBeVisible();
    await expect(dialog.dialog()).toContainText(
      '80% of what you paid: this item’s policy grants points only.',
    );
    await shell.screenshot('truth-2-points-only-online');
    await dialog.dialog().getByRole('button', { name: 'Keep it' }).click();

    await shell.goOffline(app);
    await shell.goTo('Library');
    await library.open('Night Market Loops');
    await expect(item.badges()).not.toContainText('Upgrade available');
    await item.returnButton().click();
    await expect(dialog.dialog()).toContainText('You are offline.');
    await expect(dialog.option('Trade in for points')).toBeChecked();
    await expect(dialog.dialog()).toContainText(
      'Points: 80% of what you paid. This item’s policy grants points only, not a newer version.',
    );
    await expect(dialog.dialog()).not.toContainText('newest version');
    await shell.screenshot('truth-2-points-only-offline');
    await dialog.confirm();
    await expect(dialog.queued()).toBeVisible();
  });

  test('3: offline, a return the window already refuses is refused here and nothing is queued', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);

    await expect(library.item('Tide Tables 2026')).toBeVisible();
    await shell.goOffline(app);
    await shell.goTo('Library');
    await library.open('Tide Tables 2026');
    await expect(item.cannotReturn()).toHaveText(
      /^This item can’t be returned: its return period ended on \d{1,2} \w{3} \d{4}\.$/,
    );
    await expect(item.returnButton()).toHaveCount(0);
    await shell.screenshot('truth-3-window-closed-offline');

    // Asked anyway (a second window, a script): refused with the reason, nothing queued.
    const refused = await app.invoke('returns.request', {
      contentId: app.demo.seed.closedWindowContentId,
      kind: 'buyback',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RETURN_WINDOW_CLOSED' } });
    await expect(shell.statusPill()).not.toContainText('queued');
    await expect(item.pendingBanner()).toHaveCount(0);
  });

  test('4: behind "Return confirmed" the item page no longer offers to cancel', async ({
    page,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const dialog = new ReturnDialog(page);

    await library.startReturn('The Quiet Shelf');
    await dialog.choose('Sell back for 699 points');
    await dialog.confirm();
    await expect(dialog.confirmation()).toContainText('You received 699 points.');
    await expect(item.pendingBanner()).toHaveCount(0);
    await expect(page.locator('.screen').getByText('Cancel the return')).toHaveCount(0);
    await expect(
      page.locator('.screen').getByText('“The Quiet Shelf” was returned and is no longer'),
    ).toBeAttached();
    await shell.screenshot('truth-4-confirmed');
  });

  test('7: near the balance cap the offer holds only what the server grants, and it grants it', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const dialog = new ReturnDialog(page);

    // 500 points short of the cap: the buyback's 699 would pass it, the upgrade grants none.
    expect(await app.givePoints(MAX_BALANCE - 2000 - 500)).toBe(MAX_BALANCE - 500);
    await page.reload();
    await expect(shell.balance()).toHaveText('999,999,500 points');
    await library.startReturn('The Quiet Shelf');
    await expect(dialog.option('Trade in for version 3')).toBeVisible();
    await expect(dialog.options()).toHaveCount(1);
    await expect(dialog.option(/Sell back/)).toHaveCount(0);
    await shell.screenshot('truth-7-near-the-cap');
    await dialog.confirm();
    await expect(dialog.confirmation()).toContainText('version 3');
    await expect(shell.balance()).toHaveText('999,999,500 points');
  });

  test('6a: an item that cannot be returned says so and offers no Return', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);

    await invokeOk(app, 'store.buy', { contentId: contentOf(app, 'recipes') });
    // Bought by the core while the page may still be starting: its library.changed reaches the
    // library however late the screen subscribes (shared/ipc/late-listeners.ts).
    await shell.goTo('Library');
    await library.open('Recipes in Markdown');
    await expect(item.cannotReturn()).toHaveText(
      'This item can’t be returned: its terms allow no returns.',
    );
    await expect(item.returnButton()).toHaveCount(0);
    await expect(item.facts()).not.toContainText('No deadline');
    await expect(item.facts()).toContainText('No returns');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await shell.screenshot('truth-6-not-returnable');
    await shell.expectAccessible();
  });

  test('6b: an offer left past its hold time reads "Offer expired", with one way to a new one', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const dialog = new ReturnDialog(page);

    await library.startReturn('Harbor Sketches');
    await expect(dialog.option(/^Sell back for \d+ points/)).toBeVisible();
    // The offer is held 10 minutes: the server's clock moves past it while the dialog is open.
    app.serverClock.offsetMs = 11 * 60 * 1000;
    await dialog.confirm();
    await expect(dialog.expired()).toContainText('Offer expired');
    await expect(dialog.expired()).toContainText('Nothing was returned');
    await expect(dialog.confirmButton()).toHaveCount(0);
    await expect(dialog.dialog().getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await expect(dialog.dialog()).not.toContainText('refused');
    await expect(page.locator('.notice')).toHaveCount(0);
    await expect(item.badges()).not.toContainText('Return refused');
    await shell.screenshot('truth-6-offer-expired');
    await shell.expectAccessible();

    await dialog.dialog().getByRole('button', { name: 'Get a new offer' }).click();
    await expect(dialog.option(/^Sell back for \d+ points/)).toBeVisible();
    await dialog.confirm();
    await expect(dialog.confirmation()).toContainText(/You received \d+ points\./);
  });
});

test.describe('returns the app never contradicts, with the default pace of sync', () => {
  // A sync run every minute and long backoffs, as a user's app: nothing but the cancel itself
  // may move the counters within the second the test gives them.
  test.use({
    coreOptions: {
      syncIntervalMs: 60_000,
      backoff: { baseMs: 30_000, maxMs: 60_000 },
      requestTimeoutMs: 3_000,
    },
  });

  test('5: cancelling one of three queued returns updates the counters at once', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const sync = new SyncPage(page);

    await expect(new LibraryPage(page).item('The Quiet Shelf')).toBeVisible();
    await shell.goOffline(app);
    for (const key of ['quiet-shelf', 'pixel-garden', 'typesetting'])
      await invokeOk(app, 'returns.request', { contentId: contentOf(app, key), kind: 'buyback' });
    await shell.goTo('Sync status');
    await expect(sync.queued()).toHaveCount(3);
    await expect(sync.waiting()).toHaveText('3');
    await expect(shell.statusPill()).toContainText('Offline · 3 queued');

    await sync.cancel('Pixel Garden');
    await expect(sync.queued()).toHaveCount(2, { timeout: 1_000 });
    await expect(sync.waiting()).toHaveText('2', { timeout: 1_000 });
    await expect(shell.statusPill()).toContainText('Offline · 2 queued', { timeout: 1_000 });
    await shell.screenshot('truth-5-cancelled');
    await shell.goTo('Library');
    await expect(shell.statusPill()).toContainText('Offline · 2 queued', { timeout: 1_000 });
  });
});
