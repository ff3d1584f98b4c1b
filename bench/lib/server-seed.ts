import { randomBytes, randomUUID } from 'node:crypto';
import type { LicenseView } from '../../shared/api/licenses';
import type { DatabaseHandle } from '../../server/db/database';
import { openDatabase } from '../../server/db/database';
import type { LicenseSigner } from '../../server/services/license-signer';
import { loadOrCreateSigner } from '../../server/services/license-signer';
import { hashPassword, sha256Hex } from '../../server/util/secrets';

/**
 * Fast set-up for load: users with sessions, a catalog, and one license per (user, content),
 * written straight through the server's database layer in multi-row inserts. Going through
 * HTTP (scrypt at every register and login, one request per purchase) would take minutes for
 * the tens of thousands of licenses a throughput run consumes.
 */
export interface SeededUser {
  id: string;
  email: string;
  token: string;
  deviceId: string;
}

export interface SeededLicense {
  user: SeededUser;
  licenseId: string;
}

export interface ReturnLoadSeed {
  users: SeededUser[];
  contentIds: string[];
  /** Interleaved by user (license j of every user before license j+1 of any), so consecutive
   * items belong to different users and concurrent clients rarely wait on one user's row lock. */
  licenses: SeededLicense[];
  priceCents: number;
  buybackRatePct: number;
}

export interface SeedOptions {
  users: number;
  contents: number;
  priceCents?: number;
  buybackRatePct?: number;
  /** Also append each license's `license.issued` event, so an app core can pull the library. */
  events?: boolean;
  /**
   * Publish a version 2 of every product (not held by anyone) and offer trade-in as an
   * upgrade to it, besides the buyback: a trade-in then grants a new license.
   */
  upgrades?: boolean;
}

export const SEED_PASSWORD = 'bench password 1';

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function seedReturnLoad(
  database: DatabaseHandle,
  signer: LicenseSigner,
  options: SeedOptions,
): Promise<ReturnLoadSeed> {
  const { db } = database;
  const priceCents = options.priceCents ?? 1000;
  const buybackRatePct = options.buybackRatePct ?? 70;
  const at = new Date().toISOString();
  const expires = new Date(Date.now() + 24 * 3600_000).toISOString();
  // One scrypt hash for everyone: the users can still sign in (hostile-input and auth tests).
  const passwordHash = await hashPassword(SEED_PASSWORD);
  const run = randomBytes(4).toString('hex');

  const users: SeededUser[] = Array.from({ length: options.users }, (_, i) => ({
    id: randomUUID(),
    email: `load-${run}-${i}@example.test`,
    token: randomBytes(32).toString('base64url'),
    deviceId: randomUUID(),
  }));
  for (const part of chunks(users, 500)) {
    await db
      .insertInto('users')
      .values(
        part.map((u) => ({
          id: u.id,
          email: u.email,
          password_hash: passwordHash,
          name: 'Load user',
          balance: 0,
          event_seq: 0,
          created_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('devices')
      .values(
        part.map((u) => ({
          user_id: u.id,
          id: u.deviceId,
          name: 'load device',
          created_at: at,
          last_seen_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        part.map((u) => ({
          token_hash: sha256Hex(u.token),
          user_id: u.id,
          device_id: u.deviceId,
          created_at: at,
          expires_at: expires,
        })),
      )
      .execute();
  }

  const contents = Array.from({ length: options.contents }, (_, i) => ({
    id: randomUUID(),
    productId: randomUUID(),
    title: `Load title ${run} ${i}`,
    /** The newer version's content id, with `upgrades`. */
    nextId: randomUUID(),
  }));
  const upgrades = options.upgrades ?? false;
  for (const part of chunks(contents, 500)) {
    await db
      .insertInto('products')
      .values(
        part.map((c) => ({
          id: c.productId,
          latest_version: upgrades ? 2 : 1,
          latest_content_id: upgrades ? c.nextId : c.id,
          created_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('contents')
      .values(
        part.flatMap((c) =>
          (upgrades ? [1, 2] : [1]).map((version) => ({
            id: version === 1 ? c.id : c.nextId,
            product_id: c.productId,
            version,
            title: c.title,
            creator: 'Load Creator',
            kind: 'ebook',
            description: 'Generated for load tests.',
            price_cents: priceCents,
            sha256: '0'.repeat(64),
            size: 0,
            mime: 'text/plain',
            published_at: at,
          })),
        ),
      )
      .execute();
    await db
      .insertInto('return_policies')
      .values(
        part.map((c) => ({
          product_id: c.productId,
          window_days: null,
          buyback_rate_pct: buybackRatePct,
          trade_in_type: upgrades ? 'upgrade' : null,
          trade_in_rate_pct: upgrades ? 50 : null,
          limit_per_30_days: null,
          updated_at: at,
        })),
      )
      .execute();
  }

  const licenses: SeededLicense[] = [];
  const purchaseRows = [];
  const licenseRows = [];
  const eventRows = [];
  const seqs = new Map<string, number>();
  for (const content of contents) {
    for (const user of users) {
      const purchaseId = randomUUID();
      const licenseId = randomUUID();
      const signed = signer.sign({
        licenseId,
        userId: user.id,
        contentId: content.id,
        productId: content.productId,
        version: 1,
        purchaseId,
        issuedAt: at,
      });
      purchaseRows.push({
        id: purchaseId,
        user_id: user.id,
        content_id: content.id,
        price_cents: priceCents,
        points_used: 0,
        money_paid_cents: priceCents,
        idempotency_key: purchaseId,
        response_json: '{}',
        created_at: at,
      });
      licenseRows.push({
        id: licenseId,
        user_id: user.id,
        content_id: content.id,
        product_id: content.productId,
        purchase_id: purchaseId,
        issued_at: at,
        return_deadline: null,
        upgraded_from_return_id: null,
        signed_json: JSON.stringify(signed),
      });
      licenses.push({ user, licenseId });
      if (options.events) {
        const seq = (seqs.get(user.id) ?? 0) + 1;
        seqs.set(user.id, seq);
        const license: LicenseView = {
          licenseId,
          purchaseId,
          issuedAt: at,
          returnDeadline: null,
          upgradedFromReturnId: null,
          signed,
          content: {
            contentId: content.id,
            productId: content.productId,
            version: 1,
            latestVersion: 1,
            title: content.title,
            creator: 'Load Creator',
            kind: 'ebook',
            description: 'Generated for load tests.',
            priceCents,
            file: { sha256: '0'.repeat(64), size: 0, mime: 'text/plain' },
            publishedAt: at,
            returnPolicy: {
              windowDays: null,
              buybackRatePct,
              tradeIn: upgrades ? { type: 'upgrade', fallbackPointsRatePct: 50 } : null,
              limitPer30Days: null,
            },
          },
        };
        eventRows.push({
          user_id: user.id,
          seq,
          type: 'license.issued',
          payload_json: JSON.stringify({ license }),
          created_at: at,
        });
      }
    }
  }
  for (const part of chunks(purchaseRows, 1000)) {
    await db.insertInto('purchases').values(part).execute();
  }
  for (const part of chunks(licenseRows, 1000)) {
    await db.insertInto('licenses').values(part).execute();
  }
  for (const part of chunks(eventRows, 1000)) {
    await db.insertInto('events').values(part).execute();
  }
  for (const [userId, seq] of seqs) {
    await db.updateTable('users').set({ event_seq: seq }).where('id', '=', userId).execute();
  }
  return { users, contentIds: contents.map((c) => c.id), licenses, priceCents, buybackRatePct };
}

/** Opens the server's database (running its migrations) and its signing key, seeds, closes. */
export async function seedServerData(
  target: { dataDir: string; databaseUrl?: string | undefined; sqlitePath: string },
  options: SeedOptions,
): Promise<ReturnLoadSeed> {
  const database = await openDatabase({
    databaseUrl: target.databaseUrl,
    sqlitePath: target.sqlitePath,
    poolSize: 4,
  });
  try {
    return await seedReturnLoad(database, loadOrCreateSigner(target.dataDir), options);
  } finally {
    await database.close();
  }
}
