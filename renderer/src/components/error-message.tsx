import type { ErrorCode } from '../../../shared/errors';
import { errorCode, errorSentence } from '../lib/errors';

interface Props {
  error: unknown;
  onRetry?: () => void;
  /** Sentences that read better in this screen's context (a failed sign-in is not a lost session). */
  sentences?: Partial<Record<ErrorCode, string>>;
}

/** An error as the user reads it: a sentence (never a code or a stack), with a retry if useful. */
export function ErrorMessage({ error, onRetry, sentences }: Props) {
  if (!error) return null;
  const code = errorCode(error);
  const sentence = (code && sentences?.[code]) ?? errorSentence(error);
  return (
    <div className="error-message" role="alert">
      <p>{sentence}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
