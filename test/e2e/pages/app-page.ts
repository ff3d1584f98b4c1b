import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AxeResults, run } from 'axe-core';
import type { AppFixture } from '../fixtures/app';
import { axeSource } from './axe-source';
import { SyncPage } from './sync-page';

/** What every screen shares: the header, the navigation, screenshots and accessibility checks. */
export class AppPage {
  constructor(readonly page: Page) {}

  nav(name: 'Library' | 'Store' | 'Wallet & history' | 'Sync status' | 'Devices' | 'Settings') {
    return this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name, exact: true });
  }

  async goTo(name: Parameters<AppPage['nav']>[0]): Promise<void> {
    await this.nav(name).click();
    await expect(this.nav(name)).toHaveAttribute('aria-current', 'page');
  }

  /** The points balance in the header, as its accessible name says it. */
  balance() {
    return this.page.getByRole('link', { name: /^Points balance:/ });
  }

  statusPill() {
    return this.page.getByRole('link', { name: /^Sync status:/ });
  }

  /**
   * Starts noting every state the header's sync status shows, each with whether `shown` (a CSS
   * selector) was on screen then; the returned function hands over what was noted. A state that
   * flashes for a frame is noted as well as one that stays.
   */
  async noteStatusPill(
    shown: string,
  ): Promise<() => Promise<{ status: string; shown: boolean }[]>> {
    await this.page.evaluate((selector) => {
      const noted: { status: string; shown: boolean }[] = [];
      const note = () => {
        const pill = document.querySelector('a.status-pill');
        const status = pill?.textContent ?? '';
        const last = noted[noted.length - 1];
        const isShown = document.querySelector(selector) !== null;
        if (last?.status !== status || last.shown !== isShown)
          noted.push({ status, shown: isShown });
      };
      note();
      new MutationObserver(note).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      (window as unknown as { notedStatus: typeof noted }).notedStatus = noted;
    }, shown);
    return () =>
      this.page.evaluate(
        () =>
          (window as unknown as { notedStatus: { status: string; shown: boolean }[] }).notedStatus,
      );
  }

  /** Notices for outcomes that arrive later (queued returns confirmed or refused). */
  notice(text: string | RegExp) {
    return this.page.locator('.notice').filter({ hasText: text });
  }

  /**
   * Stops the license server and waits until the app shows it is offline (a sync is asked for,
   * so the app finds out now rather than at its next timer).
   */
  async goOffline(app: Pick<AppFixture, 'stopServer'>): Promise<void> {
    await app.stopServer();
    await this.goTo('Sync status');
    await new SyncPage(this.page).syncNow();
    await expect(this.statusPill()).toHaveAccessibleName('Sync status: Offline', {
      timeout: 15_000,
    });
  }

  /** Saves a screenshot under test-results/screens/ (the README picks three of them). */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png` });
  }

  /** Saves one element (a dialog, say) as a screenshot under test-results/screens/. */
  async screenshotOf(locator: Locator, name: string): Promise<void> {
    await locator.screenshot({ path: `test-results/screens/${name}.png` });
  }

  /**
   * axe-core on the current screen: no serious or critical violation. `iframes: false` checks the
   * app and not the documents it frames (an e-book's sections, which axe cannot reach through
   * foliate's closed shadow roots and would wait for). Every rule of axe-core runs, best practices
   * included (the builder's `withTags` once stood here, but its `options()` replaced the tags).
   */
  async expectAccessible(options: { iframes?: boolean; exclude?: string } = {}): Promise<void> {
    const iframes = options.iframes ?? true;
    let results: AxeResults;
    if (!iframes || this.page.frames().length === 1) {
      results = await this.axeRunInPage(options.exclude);
    } else {
      const builder = new AxeBuilder({ page: this.page }).options({ iframes });
      if (options.exclude) builder.exclude(options.exclude);
      results = await builder.analyze();
    }
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
  }

  /**
   * One `axe.run` in the page, for a check that reaches no frame. AxeBuilder would put axe-core's
   * 500 KB script into the page again for every check, and then into a blank page it opens to
   * merge the frames' partial results: about 1.5 s per check under load, with nothing to merge.
   * Here the script goes in once per document (the app is one document across its screens) and
   * the rules run and the result are axe-core's, as through AxeBuilder.
   */
  private async axeRunInPage(exclude?: string): Promise<AxeResults> {
    const loaded = await this.page.evaluate(() => 'axe' in window);
    if (!loaded) await this.page.evaluate(axeSource);
    return this.page.evaluate((exclude) => {
      const axe = (window as unknown as { axe: { run: typeof run } }).axe;
      return axe.run(exclude ? { exclude: [exclude] } : document, { iframes: false });
    }, exclude ?? null);
  }

  /** Nothing sticks out sideways: neither the window nor the scrolling main region. */
  async expectNoHorizontalOverflow(): Promise<void> {
    const overflow = await this.page.evaluate(() => {
      const main = document.getElementById('main');
      return Math.max(
        document.documentElement.scrollWidth - window.innerWidth,
        main ? main.scrollWidth - main.clientWidth : 0,
      );
    });
    expect(overflow).toBeLessThanOrEqual(0);
  }
}
