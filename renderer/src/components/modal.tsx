import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A modal on the native <dialog>: showModal() gives the focus trap, Escape and an inert page
 * behind it for free, which a hand-made overlay gets wrong for keyboard and screen readers.
 */
export function Modal({ title, onClose, children, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const latestClose = useRef(onClose);
  useEffect(() => {
    latestClose.current = onClose;
  });

  // In the commit that puts the dialog in the DOM, not in an effect after it: a closed <dialog>
  // is not shown, so a frame painted in between would show nothing (and a test reading the
  // screen then finds the dialog's content hidden).
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    // What opened the dialog gets the focus back when it closes, so a keyboard or screen-reader
    // user carries on where they were, not at the top of the page.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      latestClose.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`modal ${className ?? ''}`} aria-labelledby={titleId}>
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button ghost" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
