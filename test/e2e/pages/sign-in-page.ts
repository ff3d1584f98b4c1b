import type { Page } from '@playwright/test';

export class SignInPage {
  constructor(readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { name: 'Sign in to Shelfkeeper' });
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async changeServer(url: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Change server' }).click();
    await this.page.getByLabel('License server address').fill(url);
    await this.page.getByRole('button', { name: 'Save address' }).click();
  }

  error() {
    return this.page.getByRole('alert');
  }
}
