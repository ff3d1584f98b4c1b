import { describe, expect, it } from 'vitest';
import { chapterAt } from '../../../../renderer/src/hooks/audio-player';

const chapters = [
  { title: 'Intro', start: 2 },
  { title: 'One', start: 10 },
  { title: 'Two', start: 20 },
];

describe('the chapter playing', () => {
  it('is the last one started by then', () => {
    expect(chapterAt(chapters, 0)).toBe(-1); // before the first mark
    expect(chapterAt(chapters, 2)).toBe(0);
    expect(chapterAt(chapters, 9.9)).toBe(0);
    expect(chapterAt(chapters, 15)).toBe(1);
    expect(chapterAt(chapters, 500)).toBe(2);
  });

  it('counts a seek landing a hair before a mark as that chapter', () => {
    expect(chapterAt(chapters, 19.97)).toBe(2);
    expect(chapterAt(chapters, 19.9)).toBe(1);
  });

  it('is none for a file without chapters', () => {
    expect(chapterAt([], 12)).toBe(-1);
  });
});
