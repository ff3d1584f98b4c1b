import { useState, type ReactNode } from 'react';
import type { ReturnKind } from '../../../shared/api/returns';
import type { ReturnOptions } from '../../../shared/ipc/contract';
import type { LibraryItemDetail } from '../../../shared/ipc/library';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { errorCode, isTransient } from '../lib/errors';
import { deadlineText, formatBytes, formatDateTime } from '../lib/format';
import { termsOf } from '../../../shared/returns/policy-term-fields';
import { usePassed } from '../hooks/use-passed';
import { explainOption, optionBasis, optionLabel, returnsShownInDialog } from '../lib/privilege';
import { offlineExplain, offlineLabel } from '../lib/return-kind-wording';
import { limitUsedText, refusalText } from '../lib/return-refusal';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';
import { Modal } from './modal';
import { PrivilegeConfirmation } from './privilege-confirmation';
import { ReturnOptionCard } from './return-option-card';

interface Props {
  item: LibraryItemDetail;
  onClose: () => void;
}

interface Choice {
  kind: ReturnKind;
  label: string;
  text: string;
}

function choicesOf(options: ReturnOptions, item: LibraryItemDetail): Choice[] {
  if (options.quote) {
    return options.quote.options.map((o) => ({
      kind: o.kind,
      label: optionLabel(o),
      text: [explainOption(o, item.version), optionBasis(o)].filter(Boolean).join(' '),
    }));
  }
  const { policy } = options;
  if (!policy) return [];
  return options.offlineKinds.flatMap((kind) => {
    const terms = termsOf(policy, kind);
    return terms === null
      ? []
      : [
          {
            kind,
            label: offlineLabel(kind, terms, item),
            text: offlineExplain(kind, terms, item),
          },
        ];
  });
}

/**
 * The return: the quote's options side by side, the window's end, what leaves this device; then
 * the server's answer — the privilege granted, the queued state while offline, or the refusal.
 */
export function ReturnDialog({ item, onClose }: Props) {
  const options = useChannel('returns.options', { contentId: item.contentId });
  const [picked, setPicked] = useState(0);
  const request = useAction(async (kind: ReturnKind, quoteId: string | undefined) => {
    returnsShownInDialog.add(item.contentId);
    try {
      const result = await getShelf().invoke('returns.request', {
        contentId: item.contentId,
        kind,
        ...(quoteId ? { quoteId } : {}),
      });
      // A queued return is confirmed later, when this dialog is long gone: the notice tells it.
      if (result.status === 'queued') returnsShownInDialog.delete(item.contentId);
      return result;
    } catch (error) {
      returnsShownInDialog.delete(item.contentId);
      throw error;
    }
  });
  const result = request.pending ? undefined : request.result;
  const heldUntilPassed = usePassed(options.data?.quote?.expiresAt);

  if (result?.status === 'confirmed' && result.receipt) {
    return (
      <Modal title="Return confirmed" onClose={onClose} className="return-dialog">
        <PrivilegeConfirmation receipt={result.receipt} onDone={onClose} />
      </Modal>
    );
  }
  if (result?.status === 'queued') {
    return (
      <Modal title="Return queued" onClose={onClose} className="return-dialog">
        <div className="confirmation queued" data-testid="return-queued">
          <p className="confirmation-headline">Your return of “{item.title}” is queued.</p>
          <p>
            You are offline, so it will be sent when the connection is back. Until it is sent you
            can cancel it from Sync status. The content is locked in the meantime.
          </p>
          <div className="actions">
            <a className="button primary" href="#/sync" onClick={onClose}>
              See queued returns
            </a>
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  const data = options.data;
  const choices = data ? choicesOf(data, item) : [];
  const choice = choices[Math.min(picked, choices.length - 1)];
  // An offer past its hold time is not a refused return: it reads as expired, with one way on.
  const expired = errorCode(request.error) === 'QUOTE_EXPIRED' || heldUntilPassed;
  const refused = Boolean(request.error) && !expired && !isTransient(request.error);

  const facts = data ? (
    <dl className="facts">
      <dt>Return window</dt>
      <dd>{deadlineText(data.returnDeadline)}</dd>
      {data.limit ? (
        <>
          <dt>Returns limit</dt>
          <dd>{limitUsedText(data.limit)}</dd>
        </>
      ) : null}
      {data.quote && !expired ? (
        <>
          <dt>Offer held until</dt>
          <dd>{formatDateTime(data.quote.expiresAt)}</dd>
        </>
      ) : null}
      {data.refusal ? null : (
        <>
          <dt>Deleted from this device</dt>
          <dd>
            “{data.deletes.title}”:{' '}
            {data.deletes.downloaded
              ? `the downloaded file (${formatBytes(data.deletes.size)}) and its license`
              : 'its license (the file is not downloaded)'}
          </dd>
        </>
      )}
    </dl>
  ) : null;

  let body: ReactNode;
  if (!data) {
    body = options.error ? (
      <div className="refusal" data-testid="return-refused">
        <ErrorMessage
          error={options.error}
          onRetry={isTransient(options.error) ? options.reload : undefined}
        />
        {isTransient(options.error) ? null : (
          <p>This content cannot be returned, and it stays in your library.</p>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    ) : (
      <p aria-busy="true">Asking the server for its offer…</p>
    );
  } else if (data.refusal) {
    // The reason instead of Confirm: the server (or, offline, this device) knows the return
    // would be refused, so nothing is offered.
    body = (
      <div className="refusal" data-testid="return-refused">
        <div className="error-message" role="alert">
          <p>{refusalText(data.refusal, data.returnDeadline, data.limit)}</p>
        </div>
        <p>Nothing was returned; the item stays in your library.</p>
        {facts}
        <div className="actions">
          <button type="button" className="button primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  } else if (expired) {
    body = (
      <div className="expired" data-testid="offer-expired">
        <div className="banner pending" role="status">
          <p className="confirmation-headline">Offer expired</p>
          <p>
            {data.quote
              ? `This offer was held until ${formatDateTime(data.quote.expiresAt)}. `
              : ''}
            Nothing was returned; ask the server for a new offer to go on.
          </p>
        </div>
        {facts}
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={options.loading}
            onClick={() => {
              request.clearError();
              options.reload();
            }}
          >
            {options.loading ? 'Asking for a new offer…' : 'Get a new offer'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Keep it
          </button>
        </div>
      </div>
    );
  } else {
    body = (
      <>
        {data.offline ? (
          <p className="banner offline" role="status">
            You are offline. The return will be sent when you are back online; the exact offer is
            confirmed then.
          </p>
        ) : null}
        <fieldset className="options" disabled={refused}>
          <legend>Choose what you get back</legend>
          <div className="option-grid">
            {choices.map((c, index) => (
              <ReturnOptionCard
                key={c.kind}
                title={c.label}
                text={c.text}
                checked={index === picked}
                onSelect={() => setPicked(index)}
              />
            ))}
          </div>
        </fieldset>
        {facts}
        {request.error ? (
          <div data-testid="return-refused">
            <ErrorMessage error={request.error} />
          </div>
        ) : null}
        <div className="actions">
          {refused ? (
            <button type="button" className="button primary" onClick={onClose}>
              Close
            </button>
          ) : (
            <>
              <button
                type="button"
                className="button primary"
                disabled={!choice || request.pending || choices.length === 0}
                onClick={() => choice && void request.run(choice.kind, data.quote?.quoteId)}
              >
                {request.pending ? 'Returning…' : choice ? `Confirm: ${choice.label}` : 'Confirm'}
              </button>
              <button type="button" className="button" onClick={onClose}>
                Keep it
              </button>
            </>
          )}
        </div>
      </>
    );
  }

  return (
    <Modal title={`Return “${item.title}”`} onClose={onClose} className="return-dialog">
      {body}
    </Modal>
  );
}
