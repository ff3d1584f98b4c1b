import type { TagCount } from '../../../shared/ipc/tags';
import { useChannel } from './use-channel';

const NO_TAGS: TagCount[] = [];

/** The user's tags with their item counts, asked again whenever the library changes. */
export function useTags(): TagCount[] {
  // useChannel takes the boot's answer (lib/boot.ts) and keeps the last tags while re-asking.
  return useChannel('tags.list', {}, ['library.changed']).data?.tags ?? NO_TAGS;
}
