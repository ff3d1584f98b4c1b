import { randomUUID } from 'node:crypto';
import { findCatalogRow } from '../db/contents';
import type { ServerContext } from '../context';
import { getSetting, putSetting, putSettingIfAbsent } from '../db/settings';
import { createConfirmedUser } from '../services/accounts';
import { publishContent, setReturnPolicy } from '../services/catalog';
import { purchase } from '../services/purchases';
import { grantPoints } from '../services/wallet';
import { DAY_MS } from '../util/clock';
import { TestPaymentProvider } from '../payments/test-provider';
import { drawCover } from './cover-image';
import { DEMO_PRODUCTS } from './demo-catalog';

export const DEMO_USER = {
  email: 'demo@shelfkeeper.local',
  password: 'demo-password',
  name: 'Demo Reader',
} as const;

/** Points the demo user holds after the seed (granted 2,300, of which 300 spent on a purchase). */
export const DEMO_BALANCE = 2000;

export interface DemoSeed {
  userId: string;
  /** By product key (see demo-catalog.ts): its product id and content ids, oldest version first. */
  products: Record<string, { productId: string; contentIds: string[]; title: string }>;
  /** Content ids the demo user holds a license for. */
  ownedContentIds: string[];
  /** The license whose return window is already closed (Tide Tables, bought 10 days ago). */
  closedWindowContentId: string;
}

const SEED_CLAIM = 'demo_seed_claimed';
const SEED_RESULT = 'demo_seed_result';

/**
 * Seeds the demo catalog, the demo user, their points and a few purchases — once per database
 * (the claim row makes a second process or a restart skip it). Answers what was seeded, or null
 * while another process is still seeding.
 */
export async function seedDemoData(ctx: ServerContext): Promise<DemoSeed | null> {
  if (!(await putSettingIfAbsent(ctx.db, SEED_CLAIM, new Date(ctx.clock()).toISOString()))) {
    const stored = await getSetting(ctx.db, SEED_RESULT);
    return stored ? (JSON.parse(stored) as DemoSeed) : null;
  }
  const products: DemoSeed['products'] = {};
  for (const product of DEMO_PRODUCTS) {
    let productId: string | undefined;
    const contentIds: string[] = [];
    for (const version of product.versions) {
      const item = await publishContent(ctx, {
        productId,
        title: product.title,
        creator: product.creator,
        kind: product.kind,
        description: version.description,
        priceCents: version.priceCents,
        mime: version.mime,
        fileBase64: version.file().toString('base64'),
        // Every demo item has a catalog cover, shown before its content is on the device.
        cover: { mime: 'image/png', base64: drawCover(product.title).toString('base64') },
      });
      productId = item.productId;
      contentIds.push(item.contentId);
    }
    if (!productId) continue;
    if (product.policy) await setReturnPolicy(ctx, productId, product.policy);
    products[product.key] = { productId, contentIds, title: product.title };
  }

  // Confirmed already: its address is not a real mailbox.
  const user = await createConfirmedUser(ctx, { ...DEMO_USER });
  await grantPoints(ctx, user.id, DEMO_BALANCE + 300);
  const first = (key: string) => products[key]?.contentIds[0] ?? '';
  // The demo's own purchases are test payments whatever provider the server takes real ones
  // through (a demo server pointed at Stripe's test mode must not leave them waiting to be paid).
  const seedCtx: ServerContext = { ...ctx, payments: new TestPaymentProvider() };
  const buy = (contentId: string, pointsToUse = 0, at?: number) =>
    purchase(
      seedCtx,
      { userId: user.id },
      { contentId, pointsToUse, idempotencyKey: randomUUID() },
      at,
    );
  const owned = [
    first('quiet-shelf'),
    first('night-market'),
    products['harbor-sketches']?.contentIds[1] ?? '',
    first('pixel-garden'),
    first('typesetting'),
  ];
  await buy(owned[0] ?? '');
  await buy(owned[1] ?? '', 300);
  await buy(owned[2] ?? '');
  await buy(owned[3] ?? '');
  await buy(owned[4] ?? '');
  const closedWindowContentId = first('tide-tables');
  // Paid with points: only a points-only purchase can be backdated (a money purchase is dated
  // by its payment's capture).
  const closedWindowPrice = (await findCatalogRow(ctx.db, closedWindowContentId))?.price_cents ?? 0;
  await grantPoints(ctx, user.id, closedWindowPrice);
  await buy(closedWindowContentId, closedWindowPrice, ctx.clock() - 10 * DAY_MS);

  const seed: DemoSeed = {
    userId: user.id,
    products,
    ownedContentIds: [...owned, closedWindowContentId],
    closedWindowContentId,
  };
  await putSetting(ctx.db, SEED_RESULT, JSON.stringify(seed));
  return seed;
}
