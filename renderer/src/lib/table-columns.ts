import type { LibraryColumnName } from '../../../shared/ipc/library-columns';
import type { LibraryView } from '../../../shared/ipc/library-view';
import { HIDDEN_BY_DEFAULT, TABLE_COLUMNS } from './library-cells';

const known = new Set<string>(TABLE_COLUMNS);

/**
 * The table's columns as the user left them, read leniently: names this version does not know
 * are dropped, columns added since are appended in declaration order, and a never-touched view
 * hides what is hidden by default.
 */
export function tableColumns(view: LibraryView): {
  order: LibraryColumnName[];
  hidden: LibraryColumnName[];
  widths: Record<string, number>;
} {
  const saved = view.columns.order.filter((name): name is LibraryColumnName => known.has(name));
  const order = [...saved, ...TABLE_COLUMNS.filter((name) => !saved.includes(name))];
  const touched = view.columns.order.length > 0 || view.columns.hidden.length > 0;
  const hidden = touched
    ? view.columns.hidden.filter((name): name is LibraryColumnName => known.has(name))
    : [...HIDDEN_BY_DEFAULT];
  // The title is how a row opens: it never hides.
  return { order, hidden: hidden.filter((name) => name !== 'title'), widths: view.columns.widths };
}

/** Moves `name` one place earlier (-1) or later (+1). */
export function moveColumn(
  order: readonly LibraryColumnName[],
  name: LibraryColumnName,
  by: -1 | 1,
): LibraryColumnName[] {
  const next = [...order];
  const from = next.indexOf(name);
  const to = from + by;
  if (from < 0 || to < 0 || to >= next.length) return next;
  next.splice(from, 1);
  next.splice(to, 0, name);
  return next;
}

/**
 * Puts `name` just before or after `target` (a header dragged onto another). Hidden columns keep
 * their places in between, so showing one again puts it back where it was.
 */
export function placeColumn(
  order: readonly LibraryColumnName[],
  name: LibraryColumnName,
  target: LibraryColumnName,
  side: 'before' | 'after',
): LibraryColumnName[] {
  if (name === target || !order.includes(name) || !order.includes(target)) return [...order];
  const next = order.filter((other) => other !== name);
  const at = next.indexOf(target) + (side === 'after' ? 1 : 0);
  next.splice(at, 0, name);
  return next;
}

/**
 * Moves `name` one place among the columns on screen (Alt+Left/Right on a header): past the
 * neighbouring shown column, whatever hidden ones lie between.
 */
export function stepColumn(
  order: readonly LibraryColumnName[],
  shown: readonly LibraryColumnName[],
  name: LibraryColumnName,
  by: -1 | 1,
): LibraryColumnName[] {
  const neighbour = shown[shown.indexOf(name) + by];
  if (!shown.includes(name) || !neighbour) return [...order];
  return placeColumn(order, name, neighbour, by < 0 ? 'before' : 'after');
}
