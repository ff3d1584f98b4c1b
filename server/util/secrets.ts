import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt cost as log2(N), with r=8, p=1: 2^17 is the current guidance (OWASP), 128 MiB and
 * about half a second per hash. Each stored hash names its own cost, so raising this rehashes
 * every account at its next successful sign-in (`needsRehash`).
 */
export const DEFAULT_PASSWORD_COST = 17;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keylen: number,
): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default).
  const maxmem = 256 * N * r * p;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later per row. */
export async function hashPassword(
  password: string,
  cost: number = DEFAULT_PASSWORD_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = await scryptAsync(password, salt, N, R, P, KEYLEN);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(key, expected);
}

/** True when the stored hash is cheaper than `cost` asks (or not scrypt with r=8, p=1). */
export function needsRehash(stored: string, cost: number = DEFAULT_PASSWORD_COST): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < 2 ** cost || Number(r) !== R || Number(p) !== P;
}

/** A password check's cost for an unknown email, so timing does not reveal which emails exist. */
const dummyHashes = new Map<number, Promise<string>>();
export async function burnPasswordCheck(
  password: string,
  cost: number = DEFAULT_PASSWORD_COST,
): Promise<void> {
  let dummy = dummyHashes.get(cost);
  if (!dummy) {
    dummy = hashPassword('not-a-real-password', cost);
    dummyHashes.set(cost, dummy);
  }
  await verifyPassword(password, await dummy);
}

/** A bearer token: 32 random bytes, base64url. Only its sha256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string | Buffer): string {
  // The one-shot form: every authenticated request hashes its token (the session cache's key),
  // and a Hash object per call cost more than the digest (bench/findings.md).
  return hash('sha256', text, 'hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
