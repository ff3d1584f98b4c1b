import type { Page } from '@playwright/test';

export class StorePage {
  constructor(readonly page: Page) {}

  card(title: string) {
    return this.page
      .getByTestId('store-item')
      .filter({ has: this.page.getByRole('heading', { name: title }) });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search the store' }).fill(text);
  }

  async startBuying(title: string): Promise<void> {
    await this.card(title)
      .getByRole('button', { name: `Buy ${title}` })
      .click();
  }

  dialog() {
    return this.page.getByRole('dialog');
  }

  async payWith(method: RegExp): Promise<void> {
    await this.dialog().getByRole('radio', { name: method }).check();
  }

  async confirmPurchase(): Promise<void> {
    await this.dialog()
      .getByRole('button', { name: /^Buy for/ })
      .click();
  }

  confirmation() {
    return this.dialog().getByTestId('purchase-confirmation');
  }

  /** The buy dialog while an order waits for its payment (the checkout link, the amount). */
  orderWaiting() {
    return this.dialog().getByTestId('order-waiting');
  }

  orderPaid() {
    return this.dialog().getByTestId('order-paid');
  }

  /** The buy dialog once an order ended without a payment (expired or cancelled). */
  orderUnpaid() {
    return this.dialog().getByTestId('order-unpaid');
  }
}
