import { describe, expect, it } from 'vitest';
import { sortKey } from '../../../../main/core/store/sort-key';

const sorted = (titles: string[], dropArticle = true) =>
  [...titles].sort((a, b) => {
    const x = sortKey(a, dropArticle);
    const y = sortKey(b, dropArticle);
    return x < y ? -1 : x > y ? 1 : 0;
  });

describe('library sort keys', () => {
  it('file numbers by value, not by their digits', () => {
    expect(sorted(['Book 10', 'Book 2', 'Book 1', 'Book 02b', 'Book 100'])).toEqual([
      'Book 1',
      'Book 2',
      'Book 02b',
      'Book 10',
      'Book 100',
    ]);
  });

  it('file titles without a leading article, in a few languages', () => {
    expect(
      sorted(['The Quiet Shelf', 'A Tale', 'An Atlas', 'Les Misérables', "L'Étranger", 'Birch']),
    ).toEqual(['An Atlas', 'Birch', "L'Étranger", 'Les Misérables', 'The Quiet Shelf', 'A Tale']);
    // Only a whole word is an article, and a title that is only one keeps it.
    expect(sortKey('Amber', true)).toBe('amber');
    expect(sortKey('Theory', true)).toBe('theory');
    expect(sortKey('The', true)).toBe('the');
    // Creators keep theirs: "A. Writer" is not an article.
    expect(sortKey('The Lantern Trio', false)).toBe('the lantern trio');
  });

  it('fold case, accents and letters a reader files under plain ones', () => {
    expect(sortKey('Émile Zola', false)).toBe(sortKey('emile zola', false));
    expect(sortKey('Straße', false)).toBe('strasse');
    expect(sorted(['Zola', 'Ørsted', 'émile', 'Eve'], false)).toEqual([
      'émile',
      'Eve',
      'Ørsted',
      'Zola',
    ]);
    expect(sortKey('  "Quoted"  — title!', true)).toBe('quoted title');
  });
});
