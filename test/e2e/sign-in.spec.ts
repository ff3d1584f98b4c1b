import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';
import { SignInPage } from './pages/sign-in-page';

test.describe('signed out', () => {
  test.use({ signedIn: false });

  test('signs in, after a refused attempt explained as a sentence', async ({ page, app }) => {
    const signIn = new SignInPage(page);
    const shell = new AppPage(page);
    await expect(signIn.heading()).toBeVisible();
    await shell.screenshot('sign-in');

    await signIn.signIn(app.demo.email, 'not-the-password');
    await expect(signIn.error()).toBeVisible();
    await expect(signIn.error()).toHaveText(
      'That email and password do not match an account on this server.',
    );

    await signIn.signIn(app.demo.email, app.demo.password);
    const library = new LibraryPage(page);
    await expect(library.heading()).toBeVisible();
    await expect(library.item('The Quiet Shelf')).toBeVisible({ timeout: 15_000 });
  });

  test('the server address can be changed before signing in', async ({ page, app }) => {
    const signIn = new SignInPage(page);
    await signIn.changeServer('not a url');
    await expect(page.getByText(/Enter a full address starting with http/)).toBeVisible();
    await page.getByLabel('License server address').fill(app.serverUrl + '/');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('Saved. The app now talks to this server.')).toBeVisible();
    const settings = await app.invoke('settings.get', {});
    expect(
      settings.ok && (settings.value as { serverUrl: string }).serverUrl.startsWith(app.serverUrl),
    ).toBe(true);
  });
});

test.describe('signed in', () => {
  test('settings: server address, theme, and sign out', async ({ page, app }) => {
    const shell = new AppPage(page);
    await shell.goTo('Settings');
    await expect(page.getByLabel('License server address')).toHaveValue(
      new RegExp(`^${app.serverUrl}`),
    );
    // The browser host cannot update itself: the section says who does, and offers nothing.
    const updates = page.getByRole('region', { name: 'Updates' });
    await expect(updates).toContainText('Updates are managed by the Shelfkeeper desktop app.');
    await expect(updates.getByRole('button')).toHaveCount(0);
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await shell.screenshot('settings-dark');
    await page.getByRole('radio', { name: 'Follow the system' }).check();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(new SignInPage(page).heading()).toBeVisible();
  });
});
