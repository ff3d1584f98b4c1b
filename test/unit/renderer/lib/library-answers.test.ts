import { describe, expect, it } from 'vitest';
import type { LibraryPage } from '../../../../shared/ipc/library';
import { libraryAnswers, type ScreenInput } from '../../../../renderer/src/lib/library-answers';
import { libraryItem } from '../fake-shelf';

const page = (title: string, total = 1): LibraryPage => ({
  items: [libraryItem({ title })],
  total,
});
const screen = (query: string, more: Partial<ScreenInput> = {}): ScreenInput => ({
  query,
  sort: 'title',
  direction: 'asc',
  limit: 15,
  ...more,
});

describe('library answers (the type-ahead)', () => {
  it('gives back a screen by its whole input: query, filters, sort and size', () => {
    const answers = libraryAnswers();
    const kept = page('Winter');
    answers.put(screen('win'), kept, answers.ask());
    expect(answers.get(screen('win'))).toBe(kept);
    expect(answers.get(screen('wi'))).toBeUndefined();
    expect(answers.get(screen('win', { kind: 'audio' }))).toBeUndefined();
    expect(answers.get(screen('win', { state: 'downloaded' }))).toBeUndefined();
    expect(answers.get(screen('win', { creator: 'ada' }))).toBeUndefined();
    expect(answers.get(screen('win', { tag: 'later' }))).toBeUndefined();
    expect(answers.get(screen('win', { sort: 'addedAt' }))).toBeUndefined();
    expect(answers.get(screen('win', { direction: 'desc' }))).toBeUndefined();
    expect(answers.get(screen('win', { limit: 16 }))).toBeUndefined();
  });

  it('forgets every screen when the library changes', () => {
    const answers = libraryAnswers();
    answers.put(screen('win'), page('Winter'), answers.ask());
    answers.put(screen('wil'), page('Willow'), answers.ask());
    answers.invalidate();
    expect(answers.get(screen('win'))).toBeUndefined();
    expect(answers.get(screen('wil'))).toBeUndefined();
    expect(answers.size).toBe(0);
  });

  it('does not keep an answer asked before the library changed, even when it comes after', () => {
    const answers = libraryAnswers();
    const askedIn = answers.ask();
    answers.invalidate();
    answers.put(screen('win'), page('Winter (before the change)'), askedIn);
    expect(answers.get(screen('win'))).toBeUndefined();
    // One asked after the change is kept.
    const fresh = page('Winter');
    answers.put(screen('win'), fresh, answers.ask());
    expect(answers.get(screen('win'))).toBe(fresh);
  });

  it('keeps at most its bound, the least recently used going first', () => {
    const answers = libraryAnswers(3);
    const askedIn = answers.ask();
    answers.put(screen('a'), page('A'), askedIn);
    answers.put(screen('b'), page('B'), askedIn);
    answers.put(screen('c'), page('C'), askedIn);
    expect(answers.get(screen('a'))).toBeDefined(); // now the most recent
    answers.put(screen('d'), page('D'), askedIn);
    expect(answers.size).toBe(3);
    expect(answers.get(screen('b'))).toBeUndefined();
    expect(answers.get(screen('a'))).toBeDefined();
    expect(answers.get(screen('c'))).toBeDefined();
    expect(answers.get(screen('d'))).toBeDefined();
  });

  it('replaces a screen asked again with the newer answer', () => {
    const answers = libraryAnswers();
    answers.put(screen('win'), page('Winter', 1), answers.ask());
    const newer = page('Winter', 2);
    answers.put(screen('win'), newer, answers.ask());
    expect(answers.get(screen('win'))).toBe(newer);
    expect(answers.size).toBe(1);
  });

  it('never replaces an answer with one asked before it, whichever comes first', () => {
    const answers = libraryAnswers();
    // The type-ahead's screens are asked, then the keystroke asks the same screen itself
    // (its screen had not come yet); the keystroke's answer comes first.
    const typeAhead = answers.ask();
    const keystroke = answers.ask();
    const newer = page('Winter', 2);
    answers.put(screen('win'), newer, keystroke);
    answers.put(screen('win'), page('Winter', 1), typeAhead);
    expect(answers.get(screen('win'))).toBe(newer);
    // The type-ahead's other screens are kept.
    answers.put(screen('wil'), page('Willow'), typeAhead);
    expect(answers.get(screen('wil'))?.items[0]?.title).toBe('Willow');
  });

  it('keeps no answer older than a screen let go for room, unless its own screen is kept', () => {
    const answers = libraryAnswers(2);
    const typeAhead = answers.ask();
    const keystroke = answers.ask();
    answers.put(screen('win'), page('Winter', 2), keystroke);
    answers.put(screen('a'), page('A'), keystroke);
    answers.put(screen('b'), page('B'), keystroke); // lets 'win' go
    expect(answers.get(screen('win'))).toBeUndefined();
    // The type-ahead's screen for it, asked before the keystroke's, comes now: not kept.
    answers.put(screen('win'), page('Winter', 1), typeAhead);
    expect(answers.get(screen('win'))).toBeUndefined();
    // A kept screen is still replaced by a newer answer, and a newer one is kept.
    const later = answers.ask();
    answers.put(screen('a'), page('A', 3), later);
    expect(answers.get(screen('a'))?.total).toBe(3);
    answers.put(screen('c'), page('C'), later);
    expect(answers.get(screen('c'))).toBeDefined();
  });
});
