import { useCallback, useEffect, useState } from 'react';
import type { TagCount } from '../../../shared/ipc/tags';
import { firstAsk, settledAnswer } from '../lib/boot';
import { getShelf } from '../lib/shelf';
import { useEvent } from './use-event';

/** The user's tags with their item counts, asked again whenever the library changes. */
export function useTags(): TagCount[] {
  // The boot's answer, when it has come back already, is the first render's (lib/boot.ts).
  const [tags, setTags] = useState<TagCount[]>(() => settledAnswer('tags.list', {})?.tags ?? []);
  const ask = useCallback((first: boolean) => {
    (first ? firstAsk('tags.list', {}) : getShelf().invoke('tags.list', {})).then(
      (answer) => setTags(answer.tags),
      () => {},
    );
  }, []);
  useEffect(() => ask(true), [ask]);
  useEvent('library.changed', () => ask(false));
  return tags;
}
