import { useId, useState } from 'react';
import { LIBRARY_COLUMNS } from '../../../shared/ipc/library-column-list';
import type { LibraryView } from '../../../shared/ipc/library-view';
import { moveColumn, tableColumns } from '../lib/table-columns';

interface Props {
  view: LibraryView;
  onView: (patch: Partial<LibraryView>) => void;
}

/**
 * Which columns the table shows and in what order: a checkbox and "earlier"/"later" buttons per
 * column, so hiding and reordering work from the keyboard and read well to a screen reader.
 */
export function ColumnMenu({ view, onView }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const { order, hidden } = tableColumns(view);
  const save = (nextOrder: readonly string[], nextHidden: readonly string[]) =>
    onView({ columns: { ...view.columns, order: [...nextOrder], hidden: [...nextHidden] } });

  return (
    <div className="column-menu">
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Columns
      </button>
      {open ? (
        <div
          id={panelId}
          className="column-panel"
          role="group"
          aria-label="Table columns"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <ul>
            {order.map((name, index) => {
              const label = LIBRARY_COLUMNS[name].label;
              const shown = !hidden.includes(name);
              return (
                <li key={name}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={shown}
                      disabled={name === 'title'}
                      onChange={() =>
                        save(
                          order,
                          shown ? [...hidden, name] : hidden.filter((other) => other !== name),
                        )
                      }
                    />
                    {label}
                  </label>
                  <span className="move">
                    <button
                      type="button"
                      className="button ghost"
                      aria-label={`Move ${label} earlier`}
                      disabled={index === 0}
                      onClick={() => save(moveColumn(order, name, -1), hidden)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button ghost"
                      aria-label={`Move ${label} later`}
                      disabled={index === order.length - 1}
                      onClick={() => save(moveColumn(order, name, 1), hidden)}
                    >
                      ↓
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="button ghost"
            onClick={() => onView({ columns: { order: [], hidden: [], widths: {} } })}
          >
            Reset columns
          </button>
        </div>
      ) : null}
    </div>
  );
}
