import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

/** Where Keygate serves the console; every client route lives under it. */
export const BASE_PATH = '/console';

const NAVIGATE_EVENT = 'keygate:navigate';

function subscribeToLocation(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentPath(): string {
  const { pathname } = window.location;
  const path = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  return path.replace(/\/+$/, '') || '/';
}

/** The path below /console, e.g. `/` or `/identities/abc`. */
export function usePath(): string {
  return useSyncExternalStore(subscribeToLocation, currentPath);
}

const currentSearch = () => window.location.search;

/** The query string of the location, e.g. `?targetId=…`: a page's shareable settings, such as filters. */
export function useSearch(): string {
  return useSyncExternalStore(subscribeToLocation, currentSearch);
}

/** Goes to a path below /console, which may carry a query string (`/audit?targetId=…`). */
export function navigate(to: string) {
  window.history.pushState(null, '', `${BASE_PATH}${to === '/' ? '/' : to}`);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const path = usePath();
  // A link with a query string (a filter, say) is an action on the page, not the page itself.
  const active = !to.includes('?') && (path === to || (to !== '/' && path.startsWith(`${to}/`)));
  return (
    <a
      href={`${BASE_PATH}${to}`}
      onClick={onClick}
      className={className}
      aria-current={active ? 'page' : undefined}
    >
      {children}
    </a>
  );
}

/**
 * Sets one parameter of the query string (`q`, say), or removes it when empty, without a new history
 * entry: a search typed into a list is a setting of the page, not a page of its own.
 */
export function replaceSearchParam(name: string, value: string) {
  const params = new URLSearchParams(window.location.search);
  if (value) params.set(name, value);
  else params.delete(name);
  const search = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
