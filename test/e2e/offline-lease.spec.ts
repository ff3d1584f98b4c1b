import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { ItemPage } from './pages/item-page';
import { LibraryPage } from './pages/library-page';

const DAY = 86_400_000;

test.describe('offline lease', () => {
  test('the details say until when a content opens offline; past it the viewer says when it ended, and a sync opens it again', async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const title = 'The Quiet Shelf';

    await app.invoke('sync.now', {});
    await library.open(title);
    await item.download();
    await expect(item.facts()).toContainText(/Offline use\s*Usable offline until \d/);
    await shell.expectAccessible();
    await shell.screenshotOf(item.facts(), 'offline-lease-details');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.screenshotOf(item.facts(), 'offline-lease-details-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The lease the server signs now ended yesterday (its clock a month back); the app's next
    // run takes it at its first sync (a lease is renewed at the first sync of each run), and
    // then the server goes away: the app cannot renew it.
    app.serverClock.offsetMs = -31 * DAY;
    await app.restartApp();
    await page.goto(app.loginUrl());
    await app.invoke('sync.now', {});
    await app.stopServer();
    await shell.goTo('Library');
    await library.open(title);
    await expect(item.facts()).toContainText('Sync to open again');
    await item.openViewer();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveText(
      /This content could be used offline until .+, and that time has passed\. Connect to the internet and sync to open it again\./,
    );
    await expect(item.viewer()).toHaveCount(0);
    await shell.expectAccessible();
    await shell.screenshot('offline-lease-ended');

    // Back online: one sync renews the lease, and the same screen opens it.
    app.serverClock.offsetMs = 0;
    await app.startServer();
    await app.invoke('sync.now', {});
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(item.viewer()).toBeVisible();
  });
  test("a computer clock behind the server's time is named in the details and on a refused open offline; a sync with the clock right opens it", async ({
    page,
    app,
  }) => {
    const shell = new AppPage(page);
    const library = new LibraryPage(page);
    const item = new ItemPage(page);
    const title = 'The Quiet Shelf';

    await app.invoke('sync.now', {});
    await library.open(title);
    await item.download();

    // The server's signed time is a day ahead of this computer's clock: the lease the app's next
    // run takes at its first sync says so.
    app.serverClock.offsetMs = DAY;
    await app.restartApp();
    await page.goto(app.loginUrl());
    await app.invoke('sync.now', {});
    await app.stopServer();
    await shell.goTo('Library');
    await library.open(title);
    await expect(item.facts()).toContainText(
      /Offline use\s*Your computer's clock is behind; sync to open offline/,
    );
    await shell.screenshotOf(item.facts(), 'offline-lease-clock-behind');
    await item.openViewer();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(
      "Your computer's clock is behind, so this content cannot open offline. Set the clock right, or connect to the internet and sync to open it.",
    );
    await expect(item.viewer()).toHaveCount(0);
    await shell.expectAccessible();
    await shell.screenshot('offline-lease-clock-behind-viewer');

    // The server's time and this clock agree again: one sync's fresh lease sets the clock back.
    app.serverClock.offsetMs = 0;
    await app.startServer();
    await app.invoke('sync.now', {});
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(item.viewer()).toBeVisible();
  });
});
