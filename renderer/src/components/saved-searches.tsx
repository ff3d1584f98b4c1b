import { useCallback, useEffect, useState } from 'react';
import type { SavedSearch } from '../../../shared/ipc/tags';
import { useAction } from '../hooks/use-action';
import { firstAsk, settledAnswer } from '../lib/boot';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';
import { NameDialog } from './name-dialog';

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
  // The boot's answer, when it has come back already, is the first render's (lib/boot.ts).
  const [searches, setSearches] = useState<SavedSearch[]>(
    () => settledAnswer('searches.list', {})?.searches ?? [],
  );
  const [naming, setNaming] = useState(false);
  const ask = useCallback((first: boolean) => {
    (first ? firstAsk('searches.list', {}) : getShelf().invoke('searches.list', {})).then(
      (answer) => setSearches(answer.searches),
      () => {},
    );
  }, []);
  useEffect(() => ask(true), [ask]);
  const reload = () => ask(false);
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
