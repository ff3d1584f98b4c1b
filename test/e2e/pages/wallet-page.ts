import type { Page } from '@playwright/test';

export class WalletPage {
  constructor(readonly page: Page) {}

  balance() {
    return this.page.getByTestId('wallet-balance');
  }

  ledger() {
    return this.page.getByRole('table', { name: 'Points ledger' });
  }

  receipts() {
    return this.page.getByRole('table', { name: 'Return receipts' });
  }

  upgrades() {
    return this.page.locator('.upgrade-list');
  }

  exportButton(what: 'ledger' | 'receipts') {
    return this.page.getByRole('button', { name: `Export ${what} (CSV)` });
  }

  /** Purchases with money (the user's orders), newest first. */
  orders() {
    return this.page.getByRole('table', { name: 'Purchases with money' });
  }

  /** The cells of each order row after the date: item, money, points, state. */
  async orderRows(): Promise<string[][]> {
    const rows = this.orders().locator('tbody tr');
    const out: string[][] = [];
    for (const row of await rows.all()) {
      out.push((await row.locator('td').allInnerTexts()).slice(1));
    }
    return out;
  }
}
