import { useState } from 'react';

interface Props {
  /** The search the screen shows results for. */
  query: string;
  /**
   * A text the screen puts in the box (a saved search chosen): new each time by its revision,
   * so choosing one that equals the query shown still replaces what was typed meanwhile.
   */
  chosen: { text: string; revision: number };
  /**
   * Each change typed. The screen may take it up only once its results have come, and then only
   * the newest text typed: its query never goes back to an older text than the box's.
   */
  onQuery: (query: string) => void;
}

/**
 * The library's search box. It holds what is typed itself, so a keystroke whose results are not
 * in the page yet renders the box alone and the screen renders once, with the results, when they
 * come (bench/findings.md, keystroke, eleventh pass). A new query from the screen (the screen
 * catching up with the typing) or a text it chose is the box's text from then on.
 */
export function SearchBox({ query, chosen, onQuery }: Props) {
  const [text, setText] = useState(query);
  const [shown, setShown] = useState({ query, revision: chosen.revision });
  if (chosen.revision !== shown.revision) {
    setShown({ query, revision: chosen.revision });
    setText(chosen.text);
  } else if (query !== shown.query) {
    setShown({ query, revision: chosen.revision });
    setText(query);
  }
  return (
    <input
      type="search"
      value={text}
      placeholder="Title or creator"
      title="Also creator:name, kind:ebook, tag:name (quote a value with spaces)"
      aria-describedby="library-search-help"
      onChange={(e) => {
        setText(e.target.value);
        onQuery(e.target.value);
      }}
    />
  );
}
