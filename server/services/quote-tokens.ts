import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { QuoteOption, ReturnKind } from '../../shared/api/returns';
import { RETURN_KINDS } from '../../shared/returns/return-kinds';
import type { Db } from '../db/database';
import { getSetting, putSettingIfAbsent } from '../db/settings';

/**
 * Stateless quotes (docs/design.md §3.1, §6.4): the quote id is a version 8 UUID that carries
 * its own terms, signed with a key every process shares, so a quote costs a read and no write,
 * and any process can check it at the return. Its 122 free bits hold the expiry (whole seconds),
 * one 7-bit code per return kind (the points offer's rate, an offer that is not points, or no
 * offer) and the first bits of an HMAC-SHA256 over those and the caller and license (at least 64
 * bits: a forgery is a guess per request). What a points offer is worth follows from the rate
 * and what the purchase paid, which never changes, so the price lock holds without a row.
 */

const KEY_SETTING = 'quote_hmac_key';
const EXPIRY_BITS = 32n;
const CODE_BITS = 7n;
const PAYLOAD_BITS = 122n;
/** A code past every rate (0–100): the kind was offered, and not as points. */
const NOT_POINTS = 101;
/** The kind was not offered. */
const NOT_OFFERED = 127;
const KIND_BITS = CODE_BITS * BigInt(RETURN_KINDS.length);
const MAC_BITS = PAYLOAD_BITS - EXPIRY_BITS - KIND_BITS;
if (MAC_BITS < 64n) throw new Error('Too many return kinds for a quote id: widen its layout');

const mask = (bits: bigint) => (1n << bits) - 1n;

/** The kind's offer as a quote signed it: not offered, points at a rate, or not points (null). */
export type QuotedOffer = { offered: false } | { offered: true; ratePct: number | null };

export interface OpenedQuote {
  expiresAtMs: number;
  offerOf(kind: ReturnKind): QuotedOffer;
}

/** The shared key: made by the first process to start, read by every other (settings table). */
export async function loadQuoteKey(db: Db): Promise<Buffer> {
  await putSettingIfAbsent(db, KEY_SETTING, randomBytes(32).toString('base64url'));
  const stored = await getSetting(db, KEY_SETTING);
  if (!stored) throw new Error('The quote key could not be stored');
  return Buffer.from(stored, 'base64url');
}

function codeOf(option: QuoteOption | undefined): number {
  if (!option) return NOT_OFFERED;
  // The contract's rate is null exactly for an offer that is not points (a version).
  return option.ratePct ?? NOT_POINTS;
}

/** 122 payload bits into a UUID's 128, around its version (8) and variant (0b10) bits. */
function toUuid(payload: bigint): string {
  const value =
    ((payload >> 74n) << 80n) |
    (8n << 76n) |
    (((payload >> 62n) & mask(12n)) << 64n) |
    (2n << 62n) |
    (payload & mask(62n));
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function fromUuid(id: string): bigint | undefined {
  const hex = id.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) return undefined;
  const value = BigInt(`0x${hex}`);
  if (((value >> 76n) & 0xfn) !== 8n || ((value >> 62n) & 3n) !== 2n) return undefined;
  return ((value >> 80n) << 74n) | (((value >> 64n) & mask(12n)) << 62n) | (value & mask(62n));
}

export class QuoteTokens {
  constructor(private readonly key: Buffer) {}

  private token(userId: string, licenseId: string, expiresAtSec: number, codes: number[]) {
    const mac = createHmac('sha256', this.key)
      .update(`quote/1 ${userId} ${licenseId} ${expiresAtSec} ${codes.join(',')}`)
      .digest();
    let payload = BigInt(expiresAtSec);
    for (const code of codes) payload = (payload << CODE_BITS) | BigInt(code);
    payload = (payload << MAC_BITS) | (BigInt(`0x${mac.toString('hex')}`) >> (256n - MAC_BITS));
    return toUuid(payload);
  }

  /** The quote id for these options, valid until `expiresAtMs` rounded down to a second. */
  sign(
    userId: string,
    licenseId: string,
    expiresAtMs: number,
    options: readonly QuoteOption[],
  ): { quoteId: string; expiresAtMs: number } {
    const expiresAtSec = Math.floor(expiresAtMs / 1000);
    const codes = RETURN_KINDS.map((kind) => codeOf(options.find((o) => o.kind === kind)));
    return {
      quoteId: this.token(userId, licenseId, expiresAtSec, codes),
      expiresAtMs: expiresAtSec * 1000,
    };
  }

  /**
   * The terms of a quote this server signed for this caller and license; undefined for any
   * other id (unknown, altered, another user's or another license's), which the return refuses.
   * Expiry is the caller's to check against its clock.
   */
  open(quoteId: string, userId: string, licenseId: string): OpenedQuote | undefined {
    const payload = fromUuid(quoteId);
    if (payload === undefined) return undefined;
    const expiresAtSec = Number(payload >> (KIND_BITS + MAC_BITS));
    const codes = RETURN_KINDS.map((_, i) =>
      Number(
        (payload >> (MAC_BITS + CODE_BITS * BigInt(RETURN_KINDS.length - 1 - i))) & mask(CODE_BITS),
      ),
    );
    const expected = Buffer.from(this.token(userId, licenseId, expiresAtSec, codes));
    const given = Buffer.from(quoteId.toLowerCase());
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return {
      expiresAtMs: expiresAtSec * 1000,
      offerOf: (kind) => {
        const code = codes[RETURN_KINDS.indexOf(kind)] ?? NOT_OFFERED;
        if (code === NOT_OFFERED) return { offered: false };
        return { offered: true, ratePct: code === NOT_POINTS ? null : code };
      },
    };
  }
}
