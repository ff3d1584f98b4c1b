import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchBox } from '../../../../renderer/src/components/search-box';

afterEach(cleanup);

const box = () => screen.getByRole('searchbox') as HTMLInputElement;

describe('search box', () => {
  it('keeps what was typed when the screen catches up with an older text', () => {
    const sent: string[] = [];
    const chosen = { text: '', revision: 0 };
    const { rerender } = render(
      <SearchBox query="" chosen={chosen} onQuery={(q) => sent.push(q)} />,
    );
    fireEvent.change(box(), { target: { value: 'qui' } });
    // The screen takes "qui" up in a task React renders with the next keystroke's change.
    act(() => {
      fireEvent.change(box(), { target: { value: 'quie' } });
      rerender(<SearchBox query="qui" chosen={chosen} onQuery={(q) => sent.push(q)} />);
    });
    expect(box().value).toBe('quie');
    rerender(<SearchBox query="quie" chosen={chosen} onQuery={(q) => sent.push(q)} />);
    expect(box().value).toBe('quie');
    expect(sent).toEqual(['qui', 'quie']);
  });

  it('takes a saved search chosen, and a query it did not type', () => {
    const { rerender } = render(
      <SearchBox query="" chosen={{ text: '', revision: 0 }} onQuery={() => {}} />,
    );
    fireEvent.change(box(), { target: { value: 'amb' } });
    rerender(<SearchBox query="" chosen={{ text: 'tag:sea', revision: 1 }} onQuery={() => {}} />);
    expect(box().value).toBe('tag:sea');
    rerender(
      <SearchBox query="birch" chosen={{ text: 'tag:sea', revision: 1 }} onQuery={() => {}} />,
    );
    expect(box().value).toBe('birch');
  });
});
