import { useEffect } from 'react';
import { useAudioPlayer } from '../hooks/audio-player';
import type { Places } from '../hooks/use-places';
import type { AudioChapter } from '../../../shared/ipc/library';
import { AudioControls, clock } from './audio-controls';
import { BookmarksPanel } from './bookmarks-panel';
import { ChapterList } from './chapter-list';

interface Props {
  contentId: string;
  url: string;
  title: string;
  /** The file's own chapter marks (read by main); empty when it has none. */
  chapters: AudioChapter[];
  /** Positions are seconds ("42.5"). */
  places: Places;
}

/** The audio screen: loads the item into the shell's player (which keeps playing elsewhere). */
export function AudioViewer({ contentId, url, title, chapters, places }: Props) {
  const player = useAudioPlayer();
  const { load } = player;
  const { initial, save } = places;
  useEffect(() => {
    load({
      contentId,
      title,
      url,
      startAt: Number(initial) || 0,
      chapters,
      onPosition: (seconds) => save(seconds.toFixed(1)),
    });
  }, [load, contentId, title, url, chapters, initial, save]);
  const playingThis = player.track?.contentId === contentId;
  return (
    <figure className="viewer-audio">
      <figcaption>{title}</figcaption>
      <AudioControls player={player} label={`Play ${title}`} />
      <ChapterList
        chapters={chapters}
        current={playingThis ? player.chapter : -1}
        onGo={(seconds) => {
          if (playingThis) player.seek(seconds);
        }}
      />
      <BookmarksPanel
        bookmarks={places.bookmarks}
        onAdd={
          playingThis
            ? () => void places.addBookmark(player.time.toFixed(1), `At ${clock(player.time)}`)
            : null
        }
        onGo={(seconds) => player.seek(Number(seconds) || 0)}
        onDelete={(id) => void places.deleteBookmark(id)}
        error={places.error}
      />
    </figure>
  );
}
