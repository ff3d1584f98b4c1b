import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';

export interface AccountRow {
  deviceId: string;
  serverUrl: string | null;
  userId: string | null;
  email: string | null;
  name: string | null;
  /** The bearer token; kept only in the encrypted store, never logged. */
  token: string | null;
  tokenExpiresAt: string | null;
  /** Proves this device to the server at the next sign-in; like the token, never logged. */
  deviceSecret: string | null;
}

export interface SessionInput {
  serverUrl: string;
  userId: string;
  email: string;
  name: string;
  token: string;
  tokenExpiresAt: string;
  /** Null when the server issued none: the one kept from an earlier sign-in stays. */
  deviceSecret: string | null;
}

export function accountQueries(db: Database) {
  const select = db.prepare<[], AccountRow>(
    `SELECT device_id AS deviceId, server_url AS serverUrl, user_id AS userId, email, name,
            token, token_expires_at AS tokenExpiresAt, device_secret AS deviceSecret
       FROM account WHERE id = 1`,
  );
  const insert = db.prepare('INSERT OR IGNORE INTO account (id, device_id) VALUES (1, ?)');
  const setSession = db.prepare(
    `UPDATE account SET server_url = @serverUrl, user_id = @userId, email = @email, name = @name,
            token = @token, token_expires_at = @tokenExpiresAt,
            device_secret = COALESCE(@deviceSecret, device_secret) WHERE id = 1`,
  );
  const clearToken = db.prepare(
    'UPDATE account SET token = NULL, token_expires_at = NULL WHERE id = 1',
  );

  return {
    /** The account row; created on first use with this device's id (a UUID chosen once). */
    get(): AccountRow {
      insert.run(randomUUID());
      return select.get() as AccountRow;
    },
    setSession(session: SessionInput): void {
      insert.run(randomUUID());
      setSession.run(session);
    },
    clearToken(): void {
      clearToken.run();
    },
  };
}
