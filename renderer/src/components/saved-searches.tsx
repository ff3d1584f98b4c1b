import { useState } from 'react';
import type { SavedSearch } from '../../../shared/ipc/tags';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';
import { NameDialog } from './name-dialog';

const NO_SEARCHES: SavedSearch[] = [];

interface Props {
  /** What the search box holds now: what "Save search" keeps. */
  query: string;
  onQuery: (query: string) => void;
}

/**
 * Saved searches (docs/design.md §12.2): a search box's text kept under a name in the encrypted
 * store. Choosing one puts its text back in the box; its field queries do the rest.
 */
export function SavedSearches({ query, onQuery }: Props) {
  // useChannel takes the boot's answer (lib/boot.ts) and keeps the last list while re-asking.
  const { data, reload } = useChannel('searches.list', {});
  const searches = data?.searches ?? NO_SEARCHES;
  const [naming, setNaming] = useState(false);
  const chosen = searches.find((search) => search.query === query.trim());

  const save = async (name: string) => {
    await getShelf().invoke('searches.save', { name, query });
    setNaming(false);
    reload();
  };
  const remove = useAction(async (id: number) => {
    await getShelf().invoke('searches.delete', { id });
    reload();
  });

  return (
    <div className="saved-searches">
      <label className="field">
        <span>Saved search</span>
        <select
          value={chosen ? String(chosen.id) : ''}
          onChange={(event) => {
            const search = searches.find((s) => String(s.id) === event.target.value);
            onQuery(search ? search.query : '');
          }}
        >
          <option value="">None</option>
          {searches.map((search) => (
            <option key={search.id} value={search.id}>
              {search.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button"
        disabled={!query.trim() || Boolean(chosen)}
        onClick={() => setNaming(true)}
      >
        Save search
      </button>
      {chosen ? (
        <button
          type="button"
          className="button ghost"
          onClick={() => void remove.run(chosen.id)}
          aria-label={`Delete the saved search ${chosen.name}`}
        >
          Delete
        </button>
      ) : null}
      <ErrorMessage error={remove.error} />
      {naming ? (
        <NameDialog
          title="Save this search"
          maxLength={60}
          onSave={save}
          onClose={() => setNaming(false)}
        >
          <p>
            Search: <code>{query.trim()}</code>
          </p>
        </NameDialog>
      ) : null}
    </div>
  );
}
