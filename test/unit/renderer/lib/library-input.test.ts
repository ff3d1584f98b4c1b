import { describe, expect, it } from 'vitest';
import { extendsLastWord, libraryInput } from '../../../../renderer/src/lib/library-input';

const view = { sort: 'title', direction: 'asc' } as const;
const extendsWord = (query: string, filters = {}) =>
  extendsLastWord(query, libraryInput(query, view, filters).input, view, filters);

describe('libraryInput', () => {
  it('puts the field queries over the toolbar filters and keeps the free text', () => {
    const { input, parsed } = libraryInput('kind:audio tag:"to read" quiet  night', view, {
      kind: 'ebook',
      state: 'downloaded',
    });
    expect(input).toEqual({
      sort: 'title',
      direction: 'asc',
      query: 'quiet night',
      kind: 'audio',
      state: 'downloaded',
      tag: 'to read',
    });
    expect(parsed.ignored).toEqual([]);
  });
});

describe('extendsLastWord', () => {
  it('is true when the free text ends in an ASCII letter or digit', () => {
    for (const query of ['w', 'Win', 'winter 2', 'a Z', 'kind:ebook win', 'x9']) {
      expect(extendsWord(query), query).toBe(true);
    }
  });

  it('is true when it ends in a letter or digit beyond ASCII', () => {
    for (const query of ['café', 'Ärger', '東京', 'число', '٣']) {
      expect(extendsWord(query), query).toBe(true);
    }
  });

  it('is false for nothing typed, a space, punctuation and symbols, ASCII or not', () => {
    for (const query of ['', ' ', 'win ', 'win-', 'win.', 'win"', 'win—', 'win«', 'win€', 'win_']) {
      expect(extendsWord(query), JSON.stringify(query)).toBe(false);
    }
  });

  it('is false inside a field query, whose value the next character extends', () => {
    expect(extendsWord('creator:ad')).toBe(false);
    expect(extendsWord('win creator:ad')).toBe(false);
  });
});
