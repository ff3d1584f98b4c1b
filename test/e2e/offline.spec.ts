import { expect, test } from './fixtures/app';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';
import { ReturnDialog } from './pages/return-dialog';
import { SyncPage } from './pages/sync-page';

async function requestOfflineReturn(page: Page, title: string): Promise<void> {
  const shell = new AppPage(page);
  const library = new LibraryPage(page);
  const dialog = new ReturnDialog(page);
  await shell.goTo('Library');
  await expect(library.offlineBanner()).toBeVisible();
  await library.startReturn(title);
  await expect(dialog.dialog()).toContainText(
    'You are offline. The return will be sent when you are back online',
  );
  await expect(dialog.options().first()).toBeChecked();
  await dialog.confirm();
  await expect(dialog.queued()).toContainText(`Your return of “${title}” is queued.`);
}

test.describe('offline', () => {
  test('a return requested offline is queued, then confirmed when the server is back', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const sync = new SyncPage(page);

    await expect(library.item('The Quiet Shelf')).toBeVisible();
    await new AppPage(page).goOffline(app);
    await requestOfflineReturn(page, 'The Quiet Shelf');
    await shell.screenshot('return-queued');

    await new ReturnDialog(page).queued().getByRole('link', { name: 'See queued returns' }).click();
    await expect(sync.connection()).toHaveText('Offline');
    await expect(sync.queued('The Quiet Shelf')).toContainText('Waiting for the connection.');
    await shell.screenshot('sync-queued');

    await shell.goTo('Library');
    await expect(library.item('The Quiet Shelf')).toContainText('Return pending');

    await app.startServer();
    const notice = shell.notice('Return of “The Quiet Shelf” confirmed');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toContainText(
      'You received 699 points. Your balance is now 2,699 points.',
    );
    await expect(library.item('The Quiet Shelf')).toHaveCount(0);
    await expect(library.offlineBanner()).toHaveCount(0);
    await expect(shell.balance()).toHaveText('2,699 points');
    await shell.screenshot('return-confirmed-after-offline');

    await shell.goTo('Sync status');
    await expect(sync.connection()).toHaveText('Online');
    await expect(sync.queued()).toHaveCount(0);
  });

  test('several returns confirmed at once are told in one notice', async ({ page, app }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const titles = ['The Quiet Shelf', 'Night Market Loops', 'Harbor Sketches', 'Pixel Garden'];

    await expect(library.item(titles[0] ?? '')).toBeVisible();
    await new AppPage(page).goOffline(app);
    const dialog = new ReturnDialog(page);
    for (const title of titles) {
      await requestOfflineReturn(page, title);
      await dialog.queued().getByRole('button', { name: 'Close', exact: true }).click();
      await expect(dialog.dialog()).toHaveCount(0);
    }

    await app.startServer();
    await shell.goTo('Library');
    const notice = shell.notice('4 returns confirmed');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toContainText('Their receipts and the points granted are in your wallet.');
    await expect(page.getByText(/^Return of “/)).toHaveCount(0);
    for (const title of titles) await expect(library.item(title)).toHaveCount(0);
    await shell.screenshot('returns-confirmed-summary');
    await notice.getByRole('link', { name: 'Show receipts' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wallet and history');
  });

  test('a queued return can be cancelled before it is sent', async ({ page, app }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const sync = new SyncPage(page);

    await expect(library.item('Harbor Sketches')).toBeVisible();
    await new AppPage(page).goOffline(app);
    await requestOfflineReturn(page, 'Harbor Sketches');
    await new ReturnDialog(page).queued().getByRole('link', { name: 'See queued returns' }).click();
    await expect(sync.queued('Harbor Sketches')).toBeVisible();
    await sync.cancel('Harbor Sketches');
    await expect(sync.queued()).toHaveCount(0);
    await shell.screenshot('sync-cancelled');

    await shell.goTo('Library');
    await expect(library.item('Harbor Sketches')).not.toContainText('Return pending');
    await app.startServer();
    await shell.goTo('Sync status');
    await sync.syncNow();
    await expect(sync.connection()).toHaveText('Online', { timeout: 15_000 });
    await shell.goTo('Library');
    await expect(library.item('Harbor Sketches')).toBeVisible();
  });
});
