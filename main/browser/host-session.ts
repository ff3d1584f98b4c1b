import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** 30 days: longer than any run of the host is expected to last. */
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * The per-run secret that guards the browser host. The page gets it once, as an HttpOnly
 * SameSite=Strict cookie, in exchange for a one-time login token in the URL the host prints;
 * scripts and tests may send it as `Authorization: Bearer`. Neither the secret nor a token is
 * ever logged. The cookie name carries the port: cookies are per host, not per port.
 */
export class HostSession {
  readonly secret = randomBytes(32).toString('base64url');
  private readonly tokens = new Set<string>();
  private readonly cookieName: string;

  constructor(port: number) {
    this.cookieName = `shelf_session_${port}`;
  }

  /** A token good for one exchange; each page (or test) gets its own. */
  mintLoginToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    return token;
  }

  redeem(token: string): boolean {
    return this.tokens.delete(token);
  }

  /**
   * Persistent (Max-Age), so reopening the browser keeps the sign-in while this host runs; the
   * secret is per run, so a restart of the host still ends every browser's session.
   */
  setCookieHeader(): string {
    return `${this.cookieName}=${this.secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}`;
  }

  isAuthorized(headers: IncomingHttpHeaders): boolean {
    const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return this.matches(bearer);
    const cookie = readCookie(headers.cookie, this.cookieName);
    return cookie !== undefined && this.matches(cookie);
  }

  private matches(candidate: string): boolean {
    const given = Buffer.from(candidate);
    const expected = Buffer.from(this.secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
