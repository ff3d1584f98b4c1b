import type { Page } from '@playwright/test';

export class SyncPage {
  constructor(readonly page: Page) {}

  connection() {
    return this.page.getByTestId('sync-online');
  }

  /** The count of returns waiting, in the connection facts. */
  waiting() {
    return this.page
      .locator('dt', { hasText: 'Returns waiting' })
      .locator('xpath=following-sibling::dd[1]');
  }

  queued(title?: string) {
    const all = this.page.getByTestId('queued-return');
    return title ? all.filter({ hasText: title }) : all;
  }

  async cancel(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Cancel the return of ${title}` }).click();
  }

  async syncNow(): Promise<void> {
    await this.page.getByRole('button', { name: /Sync now|Retry now/ }).click();
  }
}
