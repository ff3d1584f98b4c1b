import { describe, expect, it } from 'vitest';
import { extendsLastWord, libraryInput } from '../../../../renderer/src/lib/library-input';

const view = { sort: 'title', direction: 'asc' } as const;
const extendsWord = (query: string) =>
  extendsLastWord(query, libraryInput(query, view, {}).input.query);

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

  it('is true for the ASCII letters and digits only, of every printable ASCII character', () => {
    for (let code = 0x21; code <= 0x7e; code++) {
      const char = String.fromCharCode(code);
      expect(extendsWord(`win${char}`), char).toBe(/[A-Za-z0-9]/.test(char));
    }
  });

  it('is true when it ends in a letter or digit beyond ASCII, astral ones too', () => {
    for (const query of ['café', 'Ärger', '東京', 'число', '٣', 'x𝐀', '𝟙']) {
      expect(extendsWord(query), query).toBe(true);
    }
  });

  it('is false after a combining mark, which is neither a letter nor a digit', () => {
    expect(extendsWord('cafe\u0301')).toBe(false);
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
