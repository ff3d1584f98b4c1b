import type { ServerContext } from '../../context';
import { pullPlaces, pushPlaces } from '../../services/places';
import type { Handlers } from '../handler-types';

export function placesHandlers(ctx: ServerContext): Pick<Handlers, 'pushPlaces' | 'listPlaces'> {
  return {
    pushPlaces: ({ caller, body }) => pushPlaces(ctx, caller, body),
    listPlaces: ({ caller, query }) => pullPlaces(ctx, caller, query),
  };
}
