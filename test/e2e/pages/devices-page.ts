import type { Page } from '@playwright/test';

export class DevicesPage {
  constructor(readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { name: 'Devices', level: 1 });
  }

  rows() {
    return this.page.getByTestId('devices-table').locator('tbody tr');
  }

  row(name: string) {
    return this.rows().filter({ hasText: name });
  }

  status() {
    return this.page.locator('.screen.devices [role="status"]');
  }

  async rename(from: string, to: string): Promise<void> {
    await this.page.getByRole('button', { name: `Rename ${from}` }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Rename device' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(to);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  async remove(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Remove device' });
    await dialog.getByRole('button', { name: 'Remove device' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
}
