import { useEffect, useState } from 'react';

export type Route =
  | { screen: 'library' }
  | { screen: 'item'; contentId: string }
  | { screen: 'viewer'; contentId: string }
  | { screen: 'store' }
  | { screen: 'wallet' }
  | { screen: 'sync' }
  | { screen: 'devices' }
  | { screen: 'settings' };

/**
 * Hash routes (`#/library`, `#/item/<id>`...): they work the same from file://, shelf:// and
 * http://, need no server rewrite, and the back button works.
 */
export function parseRoute(hash: string): Route {
  const [screen, id] = hash.replace(/^#\/?/, '').split('/');
  if ((screen === 'item' || screen === 'viewer') && id) return { screen, contentId: id };
  if (
    screen === 'store' ||
    screen === 'wallet' ||
    screen === 'sync' ||
    screen === 'devices' ||
    screen === 'settings'
  ) {
    return { screen };
  }
  return { screen: 'library' };
}

export function routeHref(route: Route): string {
  return 'contentId' in route ? `#/${route.screen}/${route.contentId}` : `#/${route.screen}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
