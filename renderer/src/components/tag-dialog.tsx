import { useId, useState } from 'react';
import { useAction } from '../hooks/use-action';
import { inBatches } from '../lib/batches';
import { formatCount } from '../lib/format';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';
import { Modal } from './modal';

interface Props {
  contentIds: string[];
  onClose: () => void;
  /** Called with a sentence saying what changed. */
  onDone: (sentence: string) => void;
}

/** Adds a tag to the selected items, or takes one off them. */
export function TagDialog({ contentIds, onClose, onDone }: Props) {
  const [tag, setTag] = useState('');
  const [invalid, setInvalid] = useState('');
  const errorId = useId();
  const items = `${formatCount(contentIds.length)} ${contentIds.length === 1 ? 'item' : 'items'}`;
  const apply = useAction(async (how: 'add' | 'remove') => {
    // Loaded on first use: the tag's schema is the library screen's only use of zod, kept out
    // of the first chunk (bench/findings.md, first paint).
    const { tagSchema } = await import('../../../shared/ipc/tag');
    const parsed = tagSchema.safeParse(tag);
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? 'This is not a tag');
      return;
    }
    setInvalid('');
    await inBatches(contentIds, (batch) =>
      getShelf().invoke('tags.apply', {
        contentIds: batch,
        add: how === 'add' ? [parsed.data] : [],
        remove: how === 'remove' ? [parsed.data] : [],
      }),
    );
    onDone(
      how === 'add'
        ? `Tagged ${items} “${parsed.data}”.`
        : `Took the tag “${parsed.data}” off ${items}.`,
    );
  });

  return (
    <Modal title={`Tag ${items}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void apply.run('add');
        }}
      >
        <label className="field">
          <span>Tag</span>
          <input
            type="text"
            value={tag}
            maxLength={40}
            autoFocus
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? errorId : undefined}
            onChange={(event) => setTag(event.target.value)}
          />
        </label>
        {invalid ? (
          <p id={errorId} className="field-error">
            {invalid}
          </p>
        ) : null}
        <ErrorMessage error={apply.error} />
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => void apply.run('remove')}
            disabled={apply.pending}
          >
            Remove tag
          </button>
          <button type="submit" className="button primary" disabled={apply.pending}>
            Add tag
          </button>
        </div>
      </form>
    </Modal>
  );
}
