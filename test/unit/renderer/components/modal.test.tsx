import { cleanup, render } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Modal } from '../../../../renderer/src/components/modal';

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };

afterEach(cleanup);

describe('Modal', () => {
  it('is open in the commit that puts it in the DOM, not a task later', async () => {
    let show = () => {};
    function Host() {
      const [shown, setShown] = useState(false);
      show = () => setShown(true);
      return shown ? (
        <Modal title="Waiting for payment" onClose={() => {}}>
          <a href="https://example.test/pay">Open the checkout page</a>
        </Modal>
      ) : null;
    }
    render(<Host />);
    // Read when the dialog comes into the DOM (a MutationObserver runs right after that commit).
    const openWhenInserted = new Promise<boolean>((resolve) => {
      const observer = new MutationObserver(() => {
        const dialog = document.querySelector('dialog');
        if (!dialog) return;
        observer.disconnect();
        resolve(dialog.open);
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    // As an answer's promise shows it: outside act, so React renders and runs its effects in
    // tasks of its own, as in the app.
    const was = actEnvironment.IS_REACT_ACT_ENVIRONMENT;
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
    try {
      setTimeout(() => show(), 0);
      expect(await openWhenInserted).toBe(true);
    } finally {
      actEnvironment.IS_REACT_ACT_ENVIRONMENT = was;
    }
  });
});
