import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** A content's detail page, with download, open and return, and its viewer. */
export class ItemPage {
  constructor(readonly page: Page) {}

  title(text: string) {
    return this.page.getByRole('heading', { name: text, level: 1 });
  }

  downloadButton() {
    return this.page.getByRole('button', { name: 'Download', exact: true });
  }

  openLink() {
    return this.page.getByRole('link', { name: 'Open', exact: true });
  }

  returnButton() {
    return this.page.getByRole('button', { name: 'Return…' });
  }

  badges() {
    return this.page.locator('.item-head .badges');
  }

  facts() {
    return this.page.locator('.facts-grid');
  }

  viewer() {
    return this.page.getByTestId('viewer');
  }

  /** "This item can't be returned: …", shown instead of a Return action. */
  cannotReturn() {
    return this.page.getByTestId('cannot-return');
  }

  pendingBanner() {
    return this.page.locator('.banner.pending');
  }

  /** Downloads the item and waits for what the user waits for: the "Downloaded" badge. */
  async download(): Promise<void> {
    await this.downloadButton().click();
    await expect(this.badges()).toContainText('Downloaded', { timeout: 30_000 });
  }

  /** Opens the return dialog from the item's page. */
  async startReturn(): Promise<void> {
    await this.returnButton().click();
    await this.page.getByRole('dialog').waitFor();
  }

  async openViewer(): Promise<void> {
    await this.openLink().click();
  }

  /** Downloads the item, waits until it is on this device, and opens it in the viewer. */
  async downloadAndOpen(): Promise<void> {
    await this.download();
    await expect(this.badges()).toContainText('Downloaded');
    await this.openViewer();
  }
}
