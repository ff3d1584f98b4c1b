import type { Page } from '@playwright/test';

/** The app's sign-up, forgot-password and check-your-mail screens. */
export class AccountScreens {
  constructor(readonly page: Page) {}

  async openSignUp(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create an account' }).click();
  }

  /** On the sign-up screen: fills the form and sends it. */
  async signUp(name: string, email: string, password: string): Promise<void> {
    await this.page.getByLabel('Your name').fill(name);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  async openForgotPassword(): Promise<void> {
    await this.page.getByRole('button', { name: 'Forgot your password?' }).click();
  }

  /** On the forgot-password screen: asks for the link. */
  async askForReset(email: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByRole('button', { name: 'Send the link' }).click();
  }

  checkMailHeading() {
    return this.page.getByRole('heading', { name: 'Check your mail' });
  }

  resendButton() {
    return this.page.getByRole('button', { name: 'Send the link again' });
  }

  async backToSignIn(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to sign in' }).click();
  }
}

/** The license server's page a mailed link opens, in a browser tab of its own. */
export class MailLinkPage {
  constructor(readonly page: Page) {}

  heading(name: string | RegExp) {
    return this.page.getByRole('heading', { name });
  }

  async confirm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Confirm my email address' }).click();
  }

  async setPassword(password: string, repeat = password): Promise<void> {
    await this.page.getByLabel('New password', { exact: true }).fill(password);
    await this.page.getByLabel('New password again').fill(repeat);
    await this.page.getByRole('button', { name: 'Set the new password' }).click();
  }
}
