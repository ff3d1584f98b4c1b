import type { Generated } from 'kysely';

/**
 * The database tables as Kysely sees them. One schema for SQLite and PostgreSQL: ids are UUID
 * text, times are ISO-8601 UTC text (fixed width, so they compare as text), money and points are
 * 64-bit integers (PostgreSQL `bigint`, parsed to safe JS numbers in database.ts; SQLite integers
 * are 64-bit already), JSON is text. Nothing here is engine specific.
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  name: string;
  /** Never below 0 (CHECK constraint); equals the sum of the user's ledger. */
  balance: number;
  /** The last event sequence handed out for this user; bumped under the user's row lock. */
  event_seq: number;
  created_at: string;
  /** Null until the address is confirmed through the mailed link; sign-in refuses it until then. */
  email_confirmed_at: string | null;
}

/**
 * The user's row as stored: also the last places revision (§11.4), bumped by every places push
 * under the user's row lock (0 until the first), which a return's one-statement re-check
 * compares (migration 0011). Only the places code reads or writes it, so a user's row as the
 * rest of the server makes and reads it (UsersTable) leaves it to its default.
 */
export interface UsersStored extends UsersTable {
  places_rev: Generated<number>;
  /**
   * The points the user's orders waiting for payment hold (migration 0015): taken off `balance`
   * when the order was placed, given back or spent when it settles. Every check of MAX_BALANCE
   * counts them (docs/design.md §4.1). Recounted from the orders table in every transaction that
   * places or settles an order, under the user's row lock (recountPointsHeld in users.ts); 0 for
   * a new user (its default).
   */
  points_held: Generated<number>;
}

export type AccountTokenPurpose = 'confirm' | 'reset';

/** The secret of a mailed link (confirmation, password reset): sha256 only, one use, expiring. */
export interface AccountTokensTable {
  token_hash: string;
  user_id: string;
  purpose: AccountTokenPurpose;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DevicesTable {
  user_id: string;
  id: string;
  name: string;
  created_at: string;
  last_seen_at: string;
  /** sha256 hex of the device secret issued at its last sign-in (migration 0004). */
  secret_hash: string | null;
}

export interface SessionsTable {
  /** sha256 of the bearer token: the token itself is never stored. */
  token_hash: string;
  user_id: string;
  device_id: string;
  created_at: string;
  expires_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ProductsTable {
  id: string;
  latest_version: number;
  latest_content_id: string;
  created_at: string;
}

export interface ReturnPoliciesTable {
  product_id: string;
  window_days: number | null;
  buyback_rate_pct: number | null;
  /** 'upgrade' | 'points' | null */
  trade_in_type: string | null;
  /** fallbackPointsRatePct for 'upgrade', ratePct for 'points'. */
  trade_in_rate_pct: number | null;
  limit_per_30_days: number | null;
  updated_at: string;
}

export interface ContentsTable {
  id: string;
  product_id: string;
  version: number;
  title: string;
  creator: string;
  kind: string;
  description: string;
  price_cents: number;
  sha256: string;
  size: number;
  mime: string;
  published_at: string;
}

export interface PurchasesTable {
  id: string;
  user_id: string;
  content_id: string;
  price_cents: number;
  points_used: number;
  /** Money the payment provider captured; 0 for a points-only purchase. */
  money_paid_cents: number;
  /** The order whose payment was captured; null for a points-only purchase. */
  order_id: string | null;
  /** 'stripe' | 'test'; null for a points-only purchase. */
  payment_provider: string | null;
  idempotency_key: string;
  /** The purchase response, answered again on a replay of the same idempotency key. */
  response_json: string;
  created_at: string;
}

/** A money purchase waiting for its payment (docs/design.md §4.6). */
export interface OrdersTable {
  id: string;
  user_id: string;
  content_id: string;
  price_cents: number;
  /** Taken from the balance when placed (a ledger entry), given back if never paid. */
  points_held: number;
  money_due_cents: number;
  currency: string;
  /** 'stripe' | 'test' */
  provider: string;
  /** The provider's id for the payment (Stripe: the Checkout Session id). */
  provider_ref: string | null;
  checkout_url: string | null;
  /** An OrderState (shared/api/orders.ts); the check of migration 0012 lists them. */
  state: string;
  idempotency_key: string;
  purchase_id: string | null;
  license_id: string | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
  /** Set when the checkout completed with a payment that settles later (migration 0014). */
  settling_since: string | null;
}

/**
 * A payment owed back (migration 0012, docs/design.md §4.8): one per order at most, written by
 * the capture that found the order could not be fulfilled, sent by the refund worker.
 */
export interface RefundsTable {
  order_id: string;
  user_id: string;
  provider: string;
  /** The provider's id of the payment to give back (Stripe: the PaymentIntent id). */
  payment_ref: string;
  /** What was paid; once refunded, what the provider reports it gave back. */
  amount_cents: number;
  currency: string;
  /** Why the payment could not be used: a RefundReason (server/services/refunds.ts). */
  reason: string;
  /** 'pending' | 'refunded' */
  state: string;
  attempts: number;
  next_attempt_at: string;
  /** A worker's claim (a lease), as for webhook deliveries. */
  locked_until: string | null;
  last_error: string | null;
  /**
   * The provider's refund once it accepted one (it may still be pending there), followed by the
   * worker until it succeeds or fails.
   */
  provider_refund_id: string | null;
  created_at: string;
  updated_at: string;
  refunded_at: string | null;
  /**
   * The idempotency key of the current attempt (migration 0013), stored before the call; null
   * after an attempt that ended without the provider saying whether a refund is under way.
   */
  idempotency_key: string | null;
}

/** Provider events already handled: a redelivered event id changes nothing. */
export interface PaymentEventsTable {
  provider: string;
  event_id: string;
  order_id: string;
  received_at: string;
}

export interface LicensesTable {
  id: string;
  user_id: string;
  content_id: string;
  product_id: string;
  /** The purchase this license descends from (kept through upgrades). */
  purchase_id: string;
  issued_at: string;
  return_deadline: string | null;
  upgraded_from_return_id: string | null;
  /** The signed document as JSON: `{document, signature}`. */
  signed_json: string;
}

export interface ReturnsTable {
  id: string;
  user_id: string;
  device_id: string;
  /** Unique: one return per license, ever. */
  license_id: string;
  content_id: string;
  purchase_id: string;
  kind: string;
  privilege_type: string;
  points: number;
  new_license_id: string | null;
  quote_id: string | null;
  /** The deleted license row, as JSON. */
  license_snapshot: string;
  receipt_json: string;
  returned_at: string;
}

export interface LedgerTable {
  id: string;
  user_id: string;
  /** The event sequence of the wallet.changed event this entry caused: orders the ledger. */
  seq: number;
  delta: number;
  reason: string;
  reference: string | null;
  balance_after: number;
  created_at: string;
}

export interface EventsTable {
  user_id: string;
  seq: number;
  type: string;
  payload_json: string;
  created_at: string;
}

export interface WebhookTargetsTable {
  id: string;
  url: string;
  secret: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  /** `${eventId}:${targetId}` so the outbox rows can be made by one INSERT … SELECT. */
  id: string;
  event_id: string;
  target_id: string;
  body: string;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  delivered_at: string | null;
  failed_at: string | null;
  last_status: number | null;
  created_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  attempted_at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
  /** When the window ends; it grows while the limit keeps being overrun (migration 0004). */
  expires_at: string;
}

/** The last places revision handed out per user (migration 0007, docs/design.md §11.4). */
/** A catalog item's cover, in the content store by its sha256 (migration 0008). */
export interface ContentCoversTable {
  content_id: string;
  sha256: string;
  size: number;
  mime: string;
}

export interface PositionsTable {
  user_id: string;
  content_id: string;
  /** The viewer's own text: an EPUB CFI, `page@zoom`, seconds. */
  position: string;
  /** The writing device's time, normalised to UTC: last writer wins on it. */
  updated_at: string;
  rev: number;
}

export interface BookmarksTable {
  user_id: string;
  id: string;
  content_id: string;
  position: string;
  label: string;
  created_at: string;
  updated_at: string;
  /** 1 = a tombstone, kept so every device learns of the deletion. */
  deleted: number;
  rev: number;
}

export interface Database {
  users: UsersStored;
  devices: DevicesTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  settings: SettingsTable;
  products: ProductsTable;
  return_policies: ReturnPoliciesTable;
  contents: ContentsTable;
  purchases: PurchasesTable;
  orders: OrdersTable;
  payment_events: PaymentEventsTable;
  refunds: RefundsTable;
  licenses: LicensesTable;
  returns: ReturnsTable;
  ledger: LedgerTable;
  events: EventsTable;
  webhook_targets: WebhookTargetsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  rate_limits: RateLimitsTable;
  content_covers: ContentCoversTable;
  positions: PositionsTable;
  bookmarks: BookmarksTable;
}
