import { describe, expect, it } from 'vitest';
import { parseLibraryQuery } from '../../../shared/ipc/library-query';

describe('library search box queries', () => {
  it('read field queries out of the free text', () => {
    expect(parseLibraryQuery('creator:ada kind:ebook tag:"to read" quiet shelf')).toEqual({
      text: 'quiet shelf',
      creator: 'ada',
      kind: 'ebook',
      tag: 'to read',
      ignored: [],
    });
    expect(parseLibraryQuery('  harbor  ')).toEqual({ text: 'harbor', ignored: [] });
  });

  it('take field names in any case and the last of a repeated field', () => {
    expect(parseLibraryQuery('KIND:Audio kind:image Tag:fav tag:later')).toMatchObject({
      text: '',
      kind: 'image',
      tag: 'later',
    });
  });

  it('name what they could not use instead of guessing', () => {
    expect(parseLibraryQuery('kind:vinyl creator: rain')).toEqual({
      text: 'rain',
      ignored: ['kind:vinyl', 'creator:'],
    });
  });

  it('leave a colon inside a word alone', () => {
    expect(parseLibraryQuery('re:creator tide')).toEqual({ text: 're:creator tide', ignored: [] });
  });
});
