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
