import type { AudioChapter } from '../../../shared/ipc/library';
import { clock } from './audio-controls';

interface Props {
  chapters: AudioChapter[];
  /** Index of the chapter playing, or -1. */
  current: number;
  onGo: (seconds: number) => void;
}

/** An audio file's chapters as a list of buttons (click or Enter jumps); none, nothing shown. */
export function ChapterList({ chapters, current, onGo }: Props) {
  if (chapters.length === 0) return null;
  return (
    <nav className="chapter-list" aria-labelledby="chapters-heading">
      <h2 id="chapters-heading">Chapters</h2>
      <ol data-testid="chapters">
        {chapters.map((chapter, i) => (
          <li key={`${chapter.start}-${i}`}>
            <button
              type="button"
              className="link-button"
              aria-current={i === current ? 'location' : undefined}
              onClick={() => onGo(chapter.start)}
            >
              {chapter.title}
            </button>{' '}
            <span className="chapter-start">{clock(chapter.start)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
