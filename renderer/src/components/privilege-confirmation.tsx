import type { Receipt } from '../../../shared/api/returns';
import { formatDateTime } from '../lib/format';
import { kindName, receiptHeadline } from '../lib/privilege';
import { privilegeView } from '../lib/privilege-views';

interface Props {
  receipt: Receipt;
  onDone: () => void;
}

/** What the return gave the user: the points and the new balance, or the upgraded version. */
export function PrivilegeConfirmation({ receipt, onDone }: Props) {
  const view = privilegeView(receipt.privilege.type);
  const action = view.confirmationAction(receipt.privilege);
  return (
    <div className="confirmation" data-testid="privilege-confirmation">
      <p className="confirmation-icon" aria-hidden="true">
        ✓
      </p>
      <p className="confirmation-headline">{receiptHeadline(receipt)}</p>
      {view.confirmationDetail(receipt.privilege, receipt.balance)}
      <p className="hint">
        {kindName(receipt.kind)} of “{receipt.title}” (version {receipt.version}) confirmed by the
        server on {formatDateTime(receipt.returnedAt)}. It has been removed from your library and
        this device.
      </p>
      <div className="actions">
        <a className="button primary" href={action.href} onClick={onDone}>
          {action.label}
        </a>
        <a className="button" href="#/library" onClick={onDone}>
          Back to library
        </a>
      </div>
    </div>
  );
}
