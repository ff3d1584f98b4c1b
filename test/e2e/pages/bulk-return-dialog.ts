import type { Page } from '@playwright/test';

/** The library's bulk return: one combined offer for the selected items, confirmed once. */
export class BulkReturnDialog {
  constructor(readonly page: Page) {}

  dialog() {
    return this.page.getByRole('dialog');
  }

  offer() {
    return this.dialog().getByTestId('bulk-offer');
  }

  toReturn() {
    return this.dialog().getByRole('list', { name: 'Items to return' });
  }

  notReturnable() {
    return this.dialog().getByRole('list', { name: 'Items that cannot be returned' });
  }

  confirmButton() {
    return this.dialog().getByRole('button', { name: /^Return \d+ items?$/ });
  }

  outcome() {
    return this.dialog().getByTestId('bulk-outcome');
  }

  async done(): Promise<void> {
    await this.dialog().getByRole('button', { name: 'Done' }).click();
  }

  /** The points the offer sentence promises ("… for 1,198 points …"), 0 when it names none. */
  async promisedPoints(): Promise<number> {
    const text = (await this.offer().textContent()) ?? '';
    const match = /for ([\d,]+) points/.exec(text);
    return match?.[1] ? Number(match[1].replace(/,/g, '')) : 0;
  }
}
