import type { Page } from '@playwright/test';

/** The return dialog: options side by side, facts, confirm, and the outcome. */
export class ReturnDialog {
  constructor(readonly page: Page) {}

  dialog() {
    return this.page.getByRole('dialog');
  }

  option(label: string | RegExp) {
    return this.dialog().getByRole('radio', { name: label });
  }

  options() {
    return this.dialog().getByRole('radio');
  }

  fact(term: string) {
    return this.dialog().locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  }

  async choose(label: string | RegExp): Promise<void> {
    await this.option(label).check();
  }

  confirmButton() {
    return this.dialog().getByRole('button', { name: /^Confirm/ });
  }

  /** An offer past its hold time, with the one way on. */
  expired() {
    return this.dialog().getByTestId('offer-expired');
  }

  async confirm(): Promise<void> {
    await this.dialog()
      .getByRole('button', { name: /^Confirm/ })
      .click();
  }

  confirmation() {
    return this.dialog().getByTestId('privilege-confirmation');
  }

  queued() {
    return this.dialog().getByTestId('return-queued');
  }

  refusal() {
    return this.dialog().getByTestId('return-refused');
  }

  async close(): Promise<void> {
    await this.dialog().getByRole('button', { name: 'Close' }).first().click();
  }
}
