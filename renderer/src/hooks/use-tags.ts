import { useCallback, useEffect, useState } from 'react';
import type { TagCount } from '../../../shared/ipc/tags';
import { getShelf } from '../lib/shelf';
import { useEvent } from './use-event';

/** The user's tags with their item counts, asked again whenever the library changes. */
export function useTags(): TagCount[] {
  const [tags, setTags] = useState<TagCount[]>([]);
  const load = useCallback(() => {
    getShelf()
      .invoke('tags.list', {})
      .then(
        (answer) => setTags(answer.tags),
        () => {},
      );
  }, []);
  useEffect(load, [load]);
  useEvent('library.changed', load);
  return tags;
}
