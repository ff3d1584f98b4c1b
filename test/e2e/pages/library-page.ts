import type { Page } from '@playwright/test';
import { ItemPage } from './item-page';

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

  async sortBy(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label });
  }

  async layout(name: 'Grid' | 'List' | 'Table'): Promise<void> {
    await this.page.getByRole('group', { name: 'Layout' }).getByRole('button', { name }).click();
  }

  async open(title: string): Promise<void> {
    await this.item(title).click();
  }

  /** Opens an item from the library and starts its return: the return dialog is open. */
  async startReturn(title: string): Promise<void> {
    await this.open(title);
    await new ItemPage(this.page).startReturn();
  }

  // The table view.

  table() {
    return this.page.getByRole('grid', { name: /^Library, / });
  }

  /** The column headers' names, in their order on screen. */
  async headers(): Promise<string[]> {
    const names = await this.table().getByRole('columnheader').allInnerTexts();
    return names.map((name) => name.replace(/[▲▼]/g, '').trim());
  }

  header(label: string) {
    return this.table()
      .getByRole('columnheader', { name: label, exact: false })
      .filter({
        has: this.page.locator(`text="${label}"`),
      });
  }

  async sortByHeader(label: string): Promise<void> {
    await this.table().getByRole('button', { name: label, exact: true }).click();
  }

  /** The titles of the table's rows, top to bottom. */
  async rowTitles(): Promise<string[]> {
    return this.table().getByTestId('library-item').locator('.cell-text').allInnerTexts();
  }

  row(title: string) {
    return this.table().getByRole('row').filter({ hasText: title });
  }

  /** A column's width on screen, in px. */
  async columnWidth(label: string): Promise<number> {
    const box = await this.table()
      .getByRole('columnheader')
      .filter({ hasText: label })
      .first()
      .boundingBox();
    return Math.round(box?.width ?? 0);
  }

  /** Drags the right edge of a column by `dx` px with the mouse. */
  async resize(label: string, dx: number): Promise<void> {
    const handle = this.table().getByRole('separator', { name: `Resize ${label}` });
    const box = await handle.boundingBox();
    if (!box) throw new Error(`no resize handle for ${label}`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 });
    await this.page.mouse.move(x + dx, y, { steps: 4 });
    await this.page.mouse.up();
  }

  /**
   * Drags a column's header with the mouse onto another's left ('before') or right ('after')
   * half, checking the drop bar shows on that edge before letting go.
   */
  async dragHeader(
    label: string,
    onto: string,
    side: 'before' | 'after',
    whileHeld?: () => Promise<void>,
  ): Promise<void> {
    const from = await this.headerCell(label).boundingBox();
    const to = await this.headerCell(onto).boundingBox();
    if (!from || !to) throw new Error(`no header for ${label} or ${onto}`);
    const y = from.y + from.height / 2;
    await this.page.mouse.move(from.x + 12, y);
    await this.page.mouse.down();
    const x = side === 'before' ? to.x + to.width * 0.25 : to.x + to.width * 0.75;
    await this.page.mouse.move(x, y, { steps: 8 });
    await this.headerCell(onto)
      .and(this.page.locator(`.drop-${side}`))
      .waitFor();
    await whileHeld?.();
    await this.page.mouse.up();
  }

  headerCell(label: string) {
    return this.table()
      .getByRole('columnheader')
      .filter({ hasText: new RegExp(`^\\s*${label}\\s*[▲▼]?\\s*$`) });
  }

  async openColumns(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Columns', exact: true });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  }

  async toggleColumn(label: string): Promise<void> {
    await this.openColumns();
    await this.page
      .getByRole('group', { name: 'Table columns' })
      .getByRole('checkbox', { name: label })
      .click();
  }

  async moveColumn(label: string, where: 'earlier' | 'later'): Promise<void> {
    await this.openColumns();
    await this.page.getByRole('button', { name: `Move ${label} ${where}` }).click();
  }

  // Selection and bulk actions.

  bulkBar() {
    return this.page.getByRole('region', { name: 'Selected items' });
  }

  bulk(name: string) {
    return this.bulkBar().getByRole('button', { name, exact: true });
  }

  selected() {
    return this.page.locator('[data-selected="true"], [role="row"][aria-selected="true"]');
  }

  // Tags and saved searches.

  async filterTag(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Tag' }).selectOption({ label });
  }

  async saveSearch(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Save search' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Save this search' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  async chooseSavedSearch(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Saved search' }).selectOption({ label });
  }
}
