import type { Page } from '@playwright/test';

export class LibraryPage {
  constructor(readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { name: 'Library', level: 1 });
  }

  list() {
    return this.page.getByRole('list', { name: /^Library, / });
  }

  /** The item's card (a link to its detail page). */
  item(title: string) {
    return this.page.getByTestId('library-item').filter({ hasText: title });
  }

  items() {
    return this.page.getByTestId('library-item');
  }

  count() {
    return this.page.locator('.screen-head .count');
  }

  offlineBanner() {
    return this.page.getByRole('status').filter({ hasText: 'You are offline.' });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(text);
  }

  async filterState(
    label: 'Everything' | 'Downloaded' | 'Not downloaded' | 'Return pending',
  ): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Show' }).selectOption({ label });
  }

  async filterKind(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Kind' }).selectOption({ label });
  }

  async sortBy(label: 'Title' | 'Creator' | 'Date added' | 'Kind'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label });
  }

  async layout(name: 'Grid' | 'List'): Promise<void> {
    await this.page.getByRole('group', { name: 'Layout' }).getByRole('button', { name }).click();
  }

  async open(title: string): Promise<void> {
    await this.item(title).click();
  }
}
