import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { BulkReturnDialog } from './pages/bulk-return-dialog';
import { LibraryPage } from './pages/library-page';
import { SyncPage } from './pages/sync-page';

const pointsOf = async (shell: AppPage) =>
  Number(((await shell.balance().textContent()) ?? '').replace(/[^\d]/g, ''));

/**
 * The library's multi-select return: one combined offer naming each item's privilege and each
 * item that cannot be returned with its reason, confirmed once, sent as one batch; offline, the
 * items are queued and confirmed when the server is back. What the offer promises is what the
 * server grants.
 */
test.describe('bulk return', () => {
  test('returns several items under one offer; the item that cannot be returned says why', async ({
    page,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const bulk = new BulkReturnDialog(page);
    await expect(library.item('Harbor Sketches')).toBeVisible();
    const before = await pointsOf(shell);

    for (const title of ['Harbor Sketches', 'Pixel Garden', 'Tide Tables 2026']) {
      await library.item(title).click({ modifiers: ['ControlOrMeta'] });
    }
    await expect(library.bulkBar()).toContainText('3 items selected');
    await library.bulk('Return…').click();

    await expect(bulk.offer()).toContainText(/^Return 2 items for [\d,]+ points\./);
    await expect(bulk.offer()).toContainText('1 item cannot be returned.');
    await expect(bulk.toReturn().getByRole('listitem')).toHaveCount(2);
    await expect(bulk.toReturn()).toContainText('Harbor Sketches: Sell back:');
    // The closed window is named with its reason, not offered.
    await expect(bulk.notReturnable()).toContainText('Tide Tables 2026:');
    await expect(bulk.notReturnable()).toContainText(
      'The return period for this content has ended.',
    );
    await shell.screenshotOf(bulk.dialog(), 'bulk-return-offer');
    await shell.expectAccessible();
    const promised = await bulk.promisedPoints();
    expect(promised).toBeGreaterThan(0);

    await bulk.confirmButton().click();
    await expect(bulk.outcome()).toContainText('2 returned.');
    await expect(bulk.outcome().getByRole('list', { name: 'Items returned' })).toContainText(
      /Harbor Sketches: \+[\d,]+ points/,
    );
    await shell.screenshotOf(bulk.dialog(), 'bulk-return-outcome');
    await bulk.done();
    await expect(library.bulkBar()).toHaveCount(0);

    // The server did exactly what the offer said: both gone, the points credited.
    await expect(library.item('Harbor Sketches')).toHaveCount(0);
    await expect(library.item('Pixel Garden')).toHaveCount(0);
    await expect(library.item('Tide Tables 2026')).toBeVisible();
    await expect.poll(() => pointsOf(shell)).toBe(before + promised);
  });

  test('offline, the items are queued and each is confirmed when the server is back', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const bulk = new BulkReturnDialog(page);
    await shell.goOffline(app);
    await shell.goTo('Library');

    for (const title of ['Harbor Sketches', 'Pixel Garden', 'Tide Tables 2026']) {
      await library.item(title).click({ modifiers: ['ControlOrMeta'] });
    }
    await library.bulk('Return…').click();
    // What the device already knows is refused offline too: the closed window, with its reason.
    await expect(bulk.offer()).toHaveText(
      'Return 2 items when you are back online; the offer is confirmed then. 1 item cannot be returned.',
    );
    await expect(bulk.notReturnable()).toContainText(
      'Tide Tables 2026: The return period for this content has ended.',
    );
    await shell.screenshotOf(bulk.dialog(), 'bulk-return-offline');
    await bulk.confirmButton().click();
    await expect(bulk.outcome()).toContainText('2 waiting for the server.');
    await bulk.done();
    await expect(shell.statusPill()).toContainText('2 queued');
    await shell.goTo('Sync status');
    await expect(new SyncPage(page).queued()).toHaveCount(2);

    await app.startServer();
    await new SyncPage(page).syncNow();
    await expect(new SyncPage(page).queued()).toHaveCount(0, { timeout: 15_000 });
    await shell.goTo('Library');
    await expect(library.item('Harbor Sketches')).toHaveCount(0, { timeout: 15_000 });
    await expect(library.item('Pixel Garden')).toHaveCount(0);
    await expect(library.item('Tide Tables 2026')).toBeVisible();
  });
});
