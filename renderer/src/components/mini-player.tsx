import { useAudioPlayer } from '../hooks/audio-player';
import { AudioControls } from './audio-controls';

/**
 * The shell's mini player: what is playing (and its chapter, when the file has chapters), from
 * any screen, with a link back to it.
 */
export function MiniPlayer() {
  const player = useAudioPlayer();
  if (!player.track) return null;
  const chapter = player.track.chapters[player.chapter];
  return (
    <section className="mini-player" aria-label="Now playing" data-testid="mini-player">
      <a href={`#/viewer/${player.track.contentId}`}>{player.track.title}</a>
      {chapter && (
        <span className="mini-chapter" data-testid="mini-chapter">
          <span className="visually-hidden">Chapter: </span>
          {chapter.title}
        </span>
      )}
      <AudioControls player={player} label="Now playing controls" />
      <button type="button" onClick={player.stop} aria-label="Close the player">
        ×
      </button>
    </section>
  );
}
