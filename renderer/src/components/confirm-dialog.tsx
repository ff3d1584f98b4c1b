import type { ReactNode } from 'react';
import { useAction } from '../hooks/use-action';
import { ErrorMessage } from './error-message';
import { Modal } from './modal';

interface Props {
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  /** The confirming button's words: the action itself ("Remove device"), never "OK". */
  confirm: string;
  /** Does it; the dialog stays open with the error as a sentence if it throws. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks once before something that cannot be undone from here (remove a device, local copies). */
export function ConfirmDialog({ title, children, confirm, onConfirm, onClose }: Props) {
  const act = useAction(onConfirm);
  return (
    <Modal title={title} onClose={onClose}>
      <p>{children}</p>
      <ErrorMessage error={act.error} />
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => void act.run()}
          disabled={act.pending}
        >
          {confirm}
        </button>
      </div>
    </Modal>
  );
}
