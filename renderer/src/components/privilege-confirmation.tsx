import type { Receipt } from '../../../shared/api/returns';
import { formatDateTime, formatPoints } from '../lib/format';
import { kindName, receiptHeadline } from '../lib/privilege';

interface Props {
  receipt: Receipt;
  onDone: () => void;
}

/** What the return gave the user: the points and the new balance, or the upgraded version. */
export function PrivilegeConfirmation({ receipt, onDone }: Props) {
  const upgrade = receipt.privilege.type === 'upgrade' ? receipt.privilege.license.content : null;
  return (
    <div className="confirmation" data-testid="privilege-confirmation">
      <p className="confirmation-icon" aria-hidden="true">
        ✓
      </p>
      <p className="confirmation-headline">{receiptHeadline(receipt)}</p>
      {upgrade ? (
        <p>It is in your library and ready to download.</p>
      ) : (
        <p className="confirmation-balance">
          Your balance is now <strong>{formatPoints(receipt.balance)}</strong>.
        </p>
      )}
      <p className="hint">
        {kindName(receipt.kind)} of “{receipt.title}” (version {receipt.version}) confirmed by the
        server on {formatDateTime(receipt.returnedAt)}. It has been removed from your library and
        this device.
      </p>
      <div className="actions">
        {upgrade ? (
          <a className="button primary" href={`#/item/${upgrade.contentId}`} onClick={onDone}>
            Download version {upgrade.version}
          </a>
        ) : (
          <a className="button primary" href="#/wallet" onClick={onDone}>
            See wallet
          </a>
        )}
        <a className="button" href="#/library" onClick={onDone}>
          Back to library
        </a>
      </div>
    </div>
  );
}
