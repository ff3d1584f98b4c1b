import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LicenseView } from '../../../shared/api/licenses';
import type { ReturnKind } from '../../../shared/api/returns';
import type { ErrorCode } from '../../../shared/errors';
import type { LocalLicenseState } from '../../../shared/ipc/library';

export interface LicenseRow {
  licenseId: string;
  contentId: string;
  purchaseId: string;
  issuedAt: string;
  returnDeadline: string | null;
  upgradedFromReturnId: string | null;
  /** JSON of the signed license exactly as the server sent it. */
  signed: string;
  state: LocalLicenseState;
  pendingReturnKind: ReturnKind | null;
  lastErrorCode: ErrorCode | null;
  lastErrorMessage: string | null;
  /** JSON of the last return quote seen for this license (offline return options). */
  lastQuote: string | null;
}

const COLUMNS = `license_id AS licenseId, content_id AS contentId, purchase_id AS purchaseId,
  issued_at AS issuedAt, return_deadline AS returnDeadline,
  upgraded_from_return_id AS upgradedFromReturnId, signed, state,
  pending_return_kind AS pendingReturnKind, last_error_code AS lastErrorCode,
  last_error_message AS lastErrorMessage, last_quote AS lastQuote`;

export function licenseQueries(db: Database) {
  const byId = db.prepare<[string], LicenseRow>(
    `SELECT ${COLUMNS} FROM licenses WHERE license_id = ?`,
  );
  const byContent = db.prepare<[string], LicenseRow>(
    `SELECT ${COLUMNS} FROM licenses WHERE content_id = ?`,
  );
  const byState = db.prepare<[string], LicenseRow>(
    `SELECT ${COLUMNS} FROM licenses WHERE state = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO licenses (license_id, content_id, purchase_id, issued_at, return_deadline,
       upgraded_from_return_id, signed, state)
     VALUES (@licenseId, @contentId, @purchaseId, @issuedAt, @returnDeadline,
       @upgradedFromReturnId, @signed, 'active')
     ON CONFLICT (license_id) DO NOTHING`,
  );
  const toPending = db.prepare(
    `UPDATE licenses SET state = 'return_pending', pending_return_kind = ?,
       last_error_code = NULL, last_error_message = NULL
     WHERE license_id = ? AND state = 'active'`,
  );
  const toActive = db.prepare(
    `UPDATE licenses SET state = 'active', pending_return_kind = NULL,
       last_error_code = ?, last_error_message = ?
     WHERE license_id = ? AND state = 'return_pending'`,
  );
  const toConfirmed = db.prepare(`UPDATE licenses SET state = 'confirmed' WHERE license_id = ?`);
  const remove = db.prepare('DELETE FROM licenses WHERE license_id = ?');
  const setQuote = db.prepare('UPDATE licenses SET last_quote = ? WHERE license_id = ?');
  const heldOfProduct = db.prepare<
    [string],
    {
      contentId: string;
      version: number;
      state: LocalLicenseState;
      returnDeadline: string | null;
      returnPolicy: string | null;
    }
  >(
    `SELECT l.content_id AS contentId, c.version, l.state, l.return_deadline AS returnDeadline,
            c.return_policy AS returnPolicy
       FROM licenses l JOIN contents c ON c.content_id = l.content_id
      WHERE c.product_id = ? AND l.state != 'confirmed'
      ORDER BY c.version DESC LIMIT 1`,
  );
  const activeIds = db
    .prepare<[], string>(`SELECT license_id FROM licenses WHERE state = 'active'`)
    .pluck();

  return {
    get(licenseId: string): LicenseRow | undefined {
      return byId.get(licenseId);
    },
    getByContent(contentId: string): LicenseRow | undefined {
      return byContent.get(contentId);
    },
    /** The newest version of a product the user still holds (any version), if any. */
    heldOfProduct(productId: string) {
      return heldOfProduct.get(productId);
    },
    listByState(state: LocalLicenseState): LicenseRow[] {
      return byState.all(state);
    },
    activeIds(): string[] {
      return activeIds.all();
    },
    /** Inserts a license as `active`; an already known license id is left untouched. */
    insert(view: LicenseView): boolean {
      return (
        insert.run({
          licenseId: view.licenseId,
          contentId: view.content.contentId,
          purchaseId: view.purchaseId,
          issuedAt: view.issuedAt,
          returnDeadline: view.returnDeadline,
          upgradedFromReturnId: view.upgradedFromReturnId,
          signed: JSON.stringify(view.signed),
        }).changes === 1
      );
    },
    /** active → return_pending; false when the license was not active. */
    markReturnPending(licenseId: string, kind: ReturnKind): boolean {
      return toPending.run(kind, licenseId).changes === 1;
    },
    /** return_pending → active, keeping why for the UI (null when the user cancelled). */
    backToActive(licenseId: string, reason: { code: ErrorCode; message: string } | null): boolean {
      return toActive.run(reason?.code ?? null, reason?.message ?? null, licenseId).changes === 1;
    },
    markConfirmed(licenseId: string): void {
      toConfirmed.run(licenseId);
    },
    delete(licenseId: string): void {
      remove.run(licenseId);
    },
    setLastQuote(licenseId: string, quoteJson: string | null): void {
      setQuote.run(quoteJson, licenseId);
    },
  };
}
