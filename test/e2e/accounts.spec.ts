import { randomUUID } from 'node:crypto';
import { nextMail } from '../fixtures/mailbox';
import { expect, test } from './fixtures/app';
import { AccountScreens, MailLinkPage } from './pages/account-pages';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';
import { SignInPage } from './pages/sign-in-page';

test.describe('accounts by mail', () => {
  test.use({ signedIn: false });

  test('signs up, is held back until the mailed link confirms the address, then signs in', async ({
    page,
    app,
    context,
  }) => {
    const shell = new AppPage(page);
    const signIn = new SignInPage(page);
    const screens = new AccountScreens(page);
    const email = `reader-${randomUUID().slice(0, 8)}@example.test`;

    await screens.openSignUp();
    await expect(page.getByRole('heading', { name: 'Create a Shelfkeeper account' })).toBeVisible();
    await shell.expectAccessible();
    await shell.screenshot('account-sign-up');
    await screens.signUp('Nell Reader', email, 'a long password');
    await expect(screens.checkMailHeading()).toBeVisible();
    await expect(page.getByText(`We sent a mail to ${email}.`, { exact: false })).toBeVisible();
    await shell.expectAccessible();
    await shell.screenshot('account-check-mail');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.screenshot('account-check-mail-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Before the link: the right password is told what is missing, with a way to get the mail.
    await screens.backToSignIn();
    await signIn.signIn(email, 'a long password');
    await expect(signIn.error()).toHaveText(
      'Your email address is not confirmed yet. Open the link in the mail we sent you, or have it sent again.',
    );
    await expect(screens.resendButton()).toBeVisible();
    await shell.expectAccessible();
    await shell.screenshot('account-not-confirmed');

    // The link, as the person's mail program would open it: the server's page, in a new tab.
    const mail = await nextMail(app.mailbox, email);
    expect(mail.link).toContain(`${app.serverUrl}/account/confirm?token=`);
    const tab = await context.newPage();
    await tab.goto(mail.link ?? '');
    const linkPage = new MailLinkPage(tab);
    await expect(linkPage.heading('Confirm your email address')).toBeVisible();
    await new AppPage(tab).expectAccessible();
    await new AppPage(tab).screenshot('account-confirm-page');
    await linkPage.confirm();
    await expect(linkPage.heading('Your email address is confirmed')).toBeVisible();
    await new AppPage(tab).screenshot('account-confirmed-page');
    await tab.close();

    await signIn.signIn(email, 'a long password');
    await expect(new LibraryPage(page).heading()).toBeVisible();
  });

  test('resets a forgotten password through the mailed link and signs in with the new one', async ({
    page,
    app,
    context,
  }) => {
    const shell = new AppPage(page);
    const signIn = new SignInPage(page);
    const screens = new AccountScreens(page);

    await screens.openForgotPassword();
    await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
    await shell.expectAccessible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.screenshot('account-forgot-password-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screens.askForReset(app.demo.email);
    await expect(screens.checkMailHeading()).toBeVisible();
    await expect(
      page.getByText(`If ${app.demo.email} has a Shelfkeeper account`, { exact: false }),
    ).toBeVisible();
    await shell.expectAccessible();
    await shell.screenshot('account-reset-check-mail');

    const mail = await nextMail(app.mailbox, app.demo.email);
    expect(mail.subject).toBe('Set a new Shelfkeeper password');
    const tab = await context.newPage();
    await tab.goto(mail.link ?? '');
    const linkPage = new MailLinkPage(tab);
    await expect(linkPage.heading('Set a new password')).toBeVisible();
    await linkPage.setPassword('the new password', 'not the same one');
    await expect(tab.getByRole('alert')).toHaveText(
      'The two passwords are not the same. Type the new password twice.',
    );
    await new AppPage(tab).expectAccessible();
    await new AppPage(tab).screenshot('account-reset-page');
    await linkPage.setPassword('the new password');
    await expect(linkPage.heading('Your password is changed')).toBeVisible();
    await tab.emulateMedia({ colorScheme: 'dark' });
    await new AppPage(tab).screenshot('account-reset-done-dark');
    await tab.close();

    await screens.backToSignIn();
    await signIn.signIn(app.demo.email, app.demo.password);
    await expect(signIn.error()).toHaveText(
      'That email and password do not match an account on this server.',
    );
    await signIn.signIn(app.demo.email, 'the new password');
    await expect(new LibraryPage(page).heading()).toBeVisible();
  });
});

test('changes the password in Settings, which signs out the other sessions', async ({
  page,
  app,
}) => {
  const shell = new AppPage(page);
  // Another device of the demo user, signed in straight at the server.
  const login = await app.serverFetch('/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: app.demo.email,
      password: app.demo.password,
      deviceId: randomUUID(),
      deviceName: 'the other laptop',
    }),
  });
  const { token } = (await login.json()) as { token: string };
  const asOther = () =>
    app.serverFetch('/v1/devices', { headers: { authorization: `Bearer ${token}` } });
  expect((await asOther()).status).toBe(200);

  await shell.goTo('Settings');
  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not the password');
  await form.getByLabel('New password').fill('a brand new password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'The current password is not right, so nothing was changed.',
  );
  await form.getByLabel('Current password').fill(app.demo.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('status')).toHaveText(
    'Password changed. One other session was signed out.',
  );
  await shell.expectAccessible();
  await shell.screenshotOf(
    page.locator('.settings section', { hasText: 'Account' }),
    'account-password-changed',
  );
  expect((await asOther()).status).toBe(401);

  // This device stays signed in; the new password is the one that signs in now.
  await shell.goTo('Library');
  await expect(new LibraryPage(page).heading()).toBeVisible();
  await shell.goTo('Settings');
  await page.getByRole('button', { name: 'Sign out' }).click();
  const signIn = new SignInPage(page);
  await expect(signIn.heading()).toBeVisible();
  await signIn.signIn(app.demo.email, 'a brand new password');
  // Back where the user was (the app keeps its last screen), signed in.
  await expect(page.getByText('Signed in as Demo Reader')).toBeVisible();
});
