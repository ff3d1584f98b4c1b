import type { Page } from '@playwright/test';
import type { StripeFixture } from './fixtures/app';
import { expect, test } from './fixtures/app';
import { AppPage } from './pages/app-page';
import { LibraryPage } from './pages/library-page';
import { StorePage } from './pages/store-page';
import { WalletPage } from './pages/wallet-page';

/** Where each state is saved for a person to look at (and as the test's attachment). */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/checkout-${name}.png` });
  await page.screenshot({ path: test.info().outputPath(`checkout-${name}.png`) });
}

/** The order the stand-in opened a Checkout Session for, by the item's title. */
function orderFor(stripe: StripeFixture, title: string): string {
  const session = [...stripe.standIn.sessions.values()].find((s) => s.name === title);
  if (!session?.client_reference_id) throw new Error(`no Checkout Session for ${title}`);
  return session.client_reference_id;
}

test.describe('checkout through Stripe (local stand-in)', () => {
  test.use({ stripe: true });

  test('waiting, paid on the signed webhook, not paid when the session expires or time runs out, refunded when paid too late; all in the wallet', async ({
    page,
    app,
  }) => {
    const stripe = app.stripe;
    if (!stripe) throw new Error('the server was started without the Stripe stand-in');
    const shell = new AppPage(page);
    const store = new StorePage(page);
    const library = new LibraryPage(page);
    const wallet = new WalletPage(page);

    // Paid: the checkout page opens, the dialog waits, the signed webhook pays the order.
    await shell.goTo('Store');
    await store.search('field notes');
    await store.startBuying('Field Notes on Light');
    await expect(store.dialog()).toContainText('Price: $14.99');
    await shoot(page, 'buy');
    const checkoutTab = page.context().waitForEvent('page');
    await store.confirmPurchase();
    await expect(store.orderWaiting()).toContainText(
      'Waiting for payment of $14.99 for “Field Notes on Light”.',
    );
    await expect(store.orderWaiting()).not.toContainText('test payment');
    const fieldNotes = orderFor(stripe, 'Field Notes on Light');
    const session = [...stripe.standIn.sessions.values()].find(
      (s) => s.client_reference_id === fieldNotes,
    );
    await expect(
      store.orderWaiting().getByRole('link', { name: 'Open the checkout page' }),
    ).toHaveAttribute('href', session?.url ?? 'missing');
    // The app opened the provider's checkout page (the stand-in's) in a new tab.
    const tab = await checkoutTab;
    expect(tab.url()).toBe(session?.url);
    await tab.close();
    await shoot(page, 'waiting');

    const paid = await stripe.deliver('checkout.session.completed', fieldNotes);
    expect(await paid.json()).toEqual({ received: true, outcome: 'done' });
    await expect(store.orderPaid()).toContainText('“Field Notes on Light” is in your library.');
    await expect(store.orderPaid()).toContainText('Paid $14.99.');
    await shoot(page, 'paid');
    await store.dialog().getByRole('link', { name: 'Go to it and download' }).click();
    await shell.goTo('Library');
    await expect(library.item('Field Notes on Light')).toBeVisible();

    // Not paid: the Checkout Session expires; the dialog says so and nothing is added.
    await shell.goTo('Store');
    await store.search('ambient rain');
    await store.startBuying('Ambient Rain');
    const secondTab = page.context().waitForEvent('page');
    await store.confirmPurchase();
    await expect(store.orderWaiting()).toContainText('Waiting for payment of $5.99');
    await (await secondTab).close();
    const ambient = orderFor(stripe, 'Ambient Rain');
    const expired = await stripe.deliver('checkout.session.expired', ambient);
    expect(await expired.json()).toEqual({ received: true, outcome: 'done' });
    await expect(store.orderUnpaid()).toContainText('The checkout ended without a payment.');
    await expect(store.orderUnpaid()).toContainText('Nothing was charged');
    await shoot(page, 'not-paid');
    await store.orderUnpaid().getByRole('button', { name: 'Close' }).click();
    await shell.goTo('Library');
    await expect(library.item('Field Notes on Light')).toBeVisible();
    await expect(library.item('Ambient Rain')).toHaveCount(0);

    // Expired: nobody paid in time. The server's clock moves past the order's time (and the
    // grace); the waiting dialog's next look at the order finds it expired.
    await shell.goTo('Store');
    await store.search('recipes');
    await store.startBuying('Recipes in Markdown');
    const thirdTab = page.context().waitForEvent('page');
    await store.confirmPurchase();
    await expect(store.orderWaiting()).toContainText('Waiting for payment of $8.99');
    await (await thirdTab).close();
    app.serverClock.offsetMs = 40 * 60_000;
    await expect(store.orderUnpaid()).toContainText('The time to pay for this order ran out.');
    await shoot(page, 'expired');
    await store.orderUnpaid().getByRole('button', { name: 'Close' }).click();
    app.serverClock.offsetMs = 0;

    // Paid too late: a delayed payment method settles after the order expired. The payment can
    // no longer buy the item, so the server gives it back through the provider, once.
    const recipes = orderFor(stripe, 'Recipes in Markdown');
    const late = await stripe.deliver('checkout.session.async_payment_succeeded', recipes, {
      paid: true,
    });
    expect(await late.json()).toEqual({ received: true, outcome: 'refund_owed' });
    const recipesSession = [...stripe.standIn.sessions.values()].find(
      (s) => s.client_reference_id === recipes,
    );
    await expect
      .poll(() => [...stripe.standIn.refunds.values()].map((r) => [r.payment_intent, r.amount]))
      .toEqual([[recipesSession?.payment_intent, 899]]);
    await shell.goTo('Library');
    await expect(library.item('Recipes in Markdown')).toHaveCount(0);

    // The wallet's history holds all three, newest first, as the server holds them (the late
    // payment's refund with the amount the provider gave back); below them the demo's own
    // purchases, paid with the test provider and marked so.
    await shell.goTo('Wallet & history');
    await expect(wallet.orders()).toBeVisible();
    await expect
      .poll(async () => (await wallet.orderRows()).slice(0, 3))
      .toEqual([
        [
          'Recipes in Markdown',
          '$8.99',
          '—',
          'Refunded\n\nYour payment could not be used for this order: $8.99 was refunded.',
        ],
        ['Ambient Rain', '$5.99', '—', 'Cancelled: not paid'],
        ['Field Notes on Light', '$14.99', '—', 'Paid'],
      ]);
    expect((await wallet.orderRows()).slice(3).map((row) => row[3])).toContain(
      'Paid · test payment',
    );
    await wallet.orders().scrollIntoViewIfNeeded();
    await shoot(page, 'wallet');
  });
});
