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
}
