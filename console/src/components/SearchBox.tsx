import { useCallback, useEffect, useId, useState } from 'react';
import { replaceSearchParam, useSearch } from '../router';

/** What the credential lists accept as `search` (credential-search.ts): 1 to 100 characters. */
const SEARCH_MAX_LENGTH = 100;
/** How long typing pauses before the list is asked again. */
const DEBOUNCE_MS = 300;

/**
 * Whether the text is a secret rather than a name or an id: a Keygate secret or a JWT. It is never searched
 * for, since the search goes into the URL (and so the browser's history); a credential is found by its
 * name or id instead.
 */
export function looksLikeSecret(text: string): boolean {
  return /^kg_[a-z]+_/.test(text.trim()) || /^eyJ[\w-]*\.[\w-]+\./.test(text.trim());
}

/**
 * A list's search, kept in the query string (`?q=…`) so that a narrowed list can be shared and survives a
 * reload: the text, and a setter for it. The list is asked with `search: text || null`.
 */
export function useListSearch(): [string, (text: string) => void] {
  const query = useSearch();
  const text = (new URLSearchParams(query).get('q') ?? '').trim().slice(0, SEARCH_MAX_LENGTH);
  const setText = useCallback((next: string) => {
    if (!looksLikeSecret(next)) replaceSearchParam('q', next.trim());
  }, []);
  return [text, setText];
}

/**
 * A search field above a list: the list follows the text once typing pauses, or at once on Enter.
 * `hint` says what it matches (names, ids, client ids), as the list's `search` argument does.
 */
export function SearchBox({
  label,
  hint,
  value,
  onSearch,
}: {
  label: string;
  hint: string;
  value: string;
  onSearch(text: string): void;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  // Back and forward change the query string under the field: follow it, unless it is what was typed.
  useEffect(() => setText((typed) => (typed.trim() === value ? typed : value)), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = window.setTimeout(() => onSearch(text), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, value, onSearch]);

  return (
    <search className="search-box" aria-label={label}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(text);
        }}
      >
        <input
          id={id}
          type="search"
          className="search-input"
          aria-label={label}
          aria-describedby={`${id}-hint`}
          value={text}
          maxLength={SEARCH_MAX_LENGTH}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search"
          onChange={(event) => setText(event.target.value)}
        />
      </form>
      <span className="hint" id={`${id}-hint`} role={looksLikeSecret(text) ? 'alert' : undefined}>
        {looksLikeSecret(text)
          ? 'That is a secret: it is not searched for, so that it stays out of the address bar and history. Search by name or id, and revoke a secret that was pasted where it should not be.'
          : hint}
      </span>
    </search>
  );
}

/** A searched list that came back empty: what was searched for, in the words of the list. */
export function NoMatches({ what, text }: { what: string; text: string }) {
  return (
    <p className="muted" data-testid="no-matches">
      No {what} match «{text}».
    </p>
  );
}
