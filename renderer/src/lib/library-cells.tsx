import type { ReactNode } from 'react';
import {
  LIBRARY_COLUMNS,
  LIBRARY_COLUMN_NAMES,
  type LibraryColumnName,
} from '../../../shared/ipc/library-column-list';
import type { LibraryItem } from '../../../shared/ipc/library';
import { formatBytes, formatDate, formatMoney, kindLabel } from './format';

/**
 * The table view's columns: every column the declaration shows (shared/ipc/library-columns.ts),
 * in its order. A column the user has never seen before is shown unless listed here.
 */
export const TABLE_COLUMNS = LIBRARY_COLUMN_NAMES.filter((name) => LIBRARY_COLUMNS[name].shown);
export const HIDDEN_BY_DEFAULT: readonly LibraryColumnName[] = ['addedAt'];

/** `ch` hints to pixels; a growing column starts wide. */
export const defaultWidth = (name: LibraryColumnName): number => {
  const width = LIBRARY_COLUMNS[name].width;
  return width === 'grow' ? 320 : Math.max(80, width * 9);
};

const STATE_LABELS: Record<LibraryItem['state'], string> = {
  active: 'Active',
  return_pending: 'Return pending',
  confirmed: 'Returned',
};

/** A cell's text, formatted by what its value is (the declaration's `value`). */
export function cellText(item: LibraryItem, name: LibraryColumnName): ReactNode {
  const value = item[name];
  switch (LIBRARY_COLUMNS[name].value) {
    case 'bytes':
      return formatBytes(value as number);
    case 'date':
      return value ? formatDate(value as string) : '—';
    case 'money':
      return formatMoney(value as number);
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'kind':
      return kindLabel(value as string);
    case 'state':
      return STATE_LABELS[value as LibraryItem['state']];
    case 'integer':
      return name === 'version' ? `v${String(value)}` : String(value);
    case 'tags':
      return (value as string[]).length ? (
        <span className="tags">
          {(value as string[]).map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </span>
      ) : null;
    default:
      return value === null || value === undefined ? '' : String(value as string);
  }
}
