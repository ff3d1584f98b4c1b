import type { TocItem } from 'foliate-js/view.js';

interface Props {
  items: TocItem[];
  /** The label of the chapter being read, marked as the current entry. */
  current: string;
  onGo: (href: string) => void;
}

/** The book's table of contents as a navigation list of buttons (nested for sub-chapters). */
export function TocPanel({ items, current, onGo }: Props) {
  if (items.length === 0) return null;
  const list = (entries: TocItem[]) => (
    <ol>
      {entries.map((item) => (
        <li key={item.href}>
          <button
            type="button"
            className="link-button"
            aria-current={item.label === current ? 'location' : undefined}
            onClick={() => onGo(item.href)}
          >
            {item.label}
          </button>
          {item.subitems?.length ? list(item.subitems) : null}
        </li>
      ))}
    </ol>
  );
  return (
    <nav className="toc-panel" aria-label="Table of contents">
      <h2>Contents</h2>
      {list(items)}
    </nav>
  );
}
