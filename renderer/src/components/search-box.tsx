import { useState } from 'react';

/** Texts typed kept to recognise the screen catching up (far more than keys between two answers). */
const TYPED_KEPT = 64;

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
 * come (bench/findings.md, keystroke, eleventh pass). The screen's query catching up with a text
 * typed here never replaces the box's text: the screen may take up a keystroke's text in a task
 * that React renders only with the next keystroke (then the box is a character ahead of it, and
 * taking the query would drop that character: bench/findings.md, keystroke, twelfth pass). A
 * query the box did not type (none today but a saved search chosen, which comes by `chosen`) is
 * the box's text from then on.
 */
export function SearchBox({ query, chosen, onQuery }: Props) {
  const [text, setText] = useState(query);
  const [shown, setShown] = useState({ query, revision: chosen.revision });
  /** The texts typed lately, oldest first. */
  const [typed, setTyped] = useState<readonly string[]>([]);
  if (chosen.revision !== shown.revision) {
    setShown({ query, revision: chosen.revision });
    setText(chosen.text);
  } else if (query !== shown.query) {
    setShown({ query, revision: chosen.revision });
    if (!typed.includes(query)) setText(query);
  }
  return (
    <input
      type="search"
      value={text}
      placeholder="Title or creator"
      title="Also creator:name, kind:ebook, tag:name (quote a value with spaces)"
      aria-describedby="library-search-help"
      onChange={(e) => {
        const next = e.target.value;
        setTyped((last) => [...last.slice(1 - TYPED_KEPT), next]);
        setText(next);
        onQuery(next);
      }}
    />
  );
}
