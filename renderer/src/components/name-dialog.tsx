import { useState } from 'react';
import type { ReactNode } from 'react';
import { useAction } from '../hooks/use-action';
import { ErrorMessage } from './error-message';
import { Modal } from './modal';

interface Props {
  title: string;
  /** The name the field starts with (a rename starts from the current one). */
  initial?: string;
  maxLength: number;
  /** What the name is given to, said above the field. */
  children?: ReactNode;
  /** Keeps the name; the dialog stays open with the error as a sentence if it throws. */
  onSave: (name: string) => Promise<void>;
  onClose: () => void;
}

/**
 * A name asked for in a modal (a saved search, a device's new name): one required text field,
 * Cancel and Save, Save off while the name is blank or being kept.
 */
export function NameDialog({ title, initial = '', maxLength, children, onSave, onClose }: Props) {
  const [name, setName] = useState(initial);
  const save = useAction(() => onSave(name));
  return (
    <Modal title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save.run();
        }}
      >
        {children}
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            maxLength={maxLength}
            required
            autoFocus
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <ErrorMessage error={save.error} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.pending || !name.trim()}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
