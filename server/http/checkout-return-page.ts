import type { FastifyInstance } from 'fastify';

/** Where Stripe sends the buyer back (see payment-config.ts); `/v1` is the API, this is a page. */
export const CHECKOUT_RETURN_PATH = '/checkout/return';

const PAGES = {
  paid: {
    title: 'Payment received',
    text: 'You can close this tab and return to Shelfkeeper: your item arrives in your library as soon as the payment is confirmed.',
  },
  cancelled: {
    title: 'Payment cancelled',
    text: 'Nothing was charged. You can close this tab and return to Shelfkeeper.',
  },
} as const;

/**
 * A static page for the buyer's browser tab after Stripe Checkout. It shows nothing of the
 * order and confirms nothing: only the signed webhook captures a payment.
 */
export function registerCheckoutReturnPage(app: FastifyInstance): void {
  app.get(CHECKOUT_RETURN_PATH, (request, reply) => {
    const { result } = (request.query ?? {}) as { result?: unknown };
    const page = result === 'paid' ? PAGES.paid : PAGES.cancelled;
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page.title} · Shelfkeeper</title></head>` +
          `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">` +
          `<h1>${page.title}</h1><p>${page.text}</p></body></html>`,
      );
  });
}
