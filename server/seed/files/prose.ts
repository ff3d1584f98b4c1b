/** A seeded generator (mulberry32): the same seed always gives the same text, so seeds are stable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  'The librarian',
  'The old clock',
  'A quiet reader',
  'The east window',
  'Every shelf',
  'The night porter',
  'A folded map',
  'The card catalogue',
  'Her grandmother',
  'The rain',
];
const VERBS = [
  'remembered',
  'waited beside',
  'leaned towards',
  'carried',
  'listened to',
  'forgot',
  'kept',
  'opened',
  'watched',
  'counted',
];
const OBJECTS = [
  'the unread letters',
  'a lamp left burning',
  'the smell of paper',
  'the long corridor',
  'a book with no title',
  'the last train home',
  'the shape of the morning',
  'a pencil note in the margin',
  'the sound of pages',
  'the ladder by the stacks',
];
const ENDINGS = [
  '.',
  ', and nobody minded.',
  ', as it always had.',
  ' until the light changed.',
  ', slowly.',
  ' without a word.',
];

/** Paragraphs of plausible prose, deterministic for a seed (demo books and benchmarks). */
export function prose(seed: number, paragraphs: number, sentences = 6): string[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: paragraphs }, () =>
    Array.from(
      { length: sentences },
      () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(ENDINGS)}`,
    ).join(' '),
  );
}
