import { useEffect } from 'react';
import { useAudioPlayer } from '../hooks/audio-player';
import { AudioControls } from './audio-controls';

interface Props {
  contentId: string;
  url: string;
  title: string;
  initialPlace: string | null;
  onPlace: (seconds: string) => void;
}

/** The audio screen: loads the item into the shell's player (which keeps playing elsewhere). */
export function AudioViewer({ contentId, url, title, initialPlace, onPlace }: Props) {
  const player = useAudioPlayer();
  const { load } = player;
  useEffect(() => {
    load({
      contentId,
      title,
      url,
      startAt: Number(initialPlace) || 0,
      onPosition: (seconds) => onPlace(seconds.toFixed(1)),
    });
  }, [load, contentId, title, url, initialPlace, onPlace]);
  return (
    <figure className="viewer-audio">
      <figcaption>{title}</figcaption>
      <AudioControls player={player} label={`Play ${title}`} />
    </figure>
  );
}
