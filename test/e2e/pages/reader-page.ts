import type { Frame, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { axeSource } from './axe-source';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
}

/** The EPUB reader inside the viewer: toolbar, table of contents, the book's frame and status. */
export class ReaderPage {
  constructor(readonly page: Page) {}

  pages() {
    return this.page.getByTestId('epub-pages');
  }

  status() {
    return this.page.getByTestId('reader-status');
  }

  fontSize() {
    return this.page.getByTestId('font-size');
  }

  toc() {
    return this.page.getByRole('navigation', { name: 'Table of contents' });
  }

  /**
   * The section of the book on screen: foliate's frame sits in closed shadow roots, out of reach
   * of locators, so it is found among the page's frames (a blob: document showing `text`).
   */
  async section(text: string | RegExp): Promise<Frame> {
    let found: Frame | undefined;
    await expect
      .poll(async () => {
        for (const frame of this.page.frames().filter((f) => f.url().startsWith('blob:'))) {
          const body = await frame.evaluate(() => document.body.innerHTML).catch(() => '');
          if (typeof text === 'string' ? body.includes(text) : text.test(body)) found = frame;
        }
        return Boolean(found);
      })
      .toBe(true);
    return found as Frame;
  }

  /**
   * axe-core inside one section of the book. The page-level check cannot reach it (foliate's
   * closed shadow roots), so axe is put into the section's frame itself — by the test driver,
   * not a script tag: the book's frames keep the app's CSP, which runs no script.
   */
  async expectSectionAccessible(section: Frame): Promise<void> {
    await section.evaluate(axeSource);
    const violations = await section.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
        .axe;
      const results = (await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
      })) as { violations: AxeViolation[] };
      return results.violations;
    });
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help}`),
    ).toEqual([]);
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next page' }).click();
  }

  async larger(): Promise<void> {
    await this.page.getByRole('button', { name: 'Larger text' }).click();
  }

  async chapter(name: string): Promise<void> {
    await this.toc().getByRole('button', { name }).click();
  }

  /** The bookmarks panel of whichever viewer is open (EPUB, PDF, audio). */
  bookmarks() {
    return this.page.getByRole('region', { name: 'Bookmarks' });
  }

  async addBookmark(): Promise<void> {
    await this.bookmarks().getByRole('button', { name: 'Add bookmark' }).click();
  }

  bookmark(label: string) {
    return this.bookmarks().getByRole('button', { name: label, exact: true });
  }

  async goToBookmark(label: string): Promise<void> {
    await this.bookmark(label).click();
  }

  async deleteBookmark(label: string): Promise<void> {
    await this.bookmarks()
      .getByRole('button', { name: `Delete bookmark ${label}` })
      .click();
  }

  async theme(name: 'Light' | 'Sepia' | 'Dark'): Promise<void> {
    await this.page.getByLabel('Theme').selectOption({ label: name });
  }
}
