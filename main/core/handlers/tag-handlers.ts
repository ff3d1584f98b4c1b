import type { Handlers } from '../../../shared/ipc/bridge';
import type { CoreContext } from '../core-context';

type TagHandlers = Pick<
  Handlers,
  'tags.list' | 'tags.apply' | 'searches.list' | 'searches.save' | 'searches.delete'
>;

/** Tags on items and saved searches, all in the encrypted store (docs/design.md §12.2). */
export function tagHandlers(ctx: CoreContext): TagHandlers {
  return {
    'tags.list': () => ({ tags: ctx.store.tags.counts() }),
    'tags.apply': ({ contentIds, add, remove }) => {
      const changed = ctx.store.transaction(() => ctx.store.tags.apply(contentIds, add, remove));
      if (changed > 0) ctx.events.emit('library.changed', { reason: 'tags' });
      return { changed };
    },
    'searches.list': () => ({ searches: ctx.store.tags.searches() }),
    'searches.save': ({ name, query }) => ctx.store.tags.saveSearch(name, query, ctx.now()),
    'searches.delete': ({ id }) => ({ deleted: ctx.store.tags.deleteSearch(id) }),
  };
}
