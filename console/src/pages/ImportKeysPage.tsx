import { useRef, useState } from 'react';
import { typedError } from '../api';
import { Field } from '../components/Field';
import { ErrorNotice, type Failure, formLevel, ResultError } from '../components/Notices';
import { useMutationForm } from '../components/use-mutation-form';
import { graphql } from '../graphql';
import { Link, useSearch } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

const ImportTargets = graphql(`
  query ImportTargets {
    machineIdentities(first: 100) {
      totalCount
      edges { node { id name disabled } }
    }
  }
`);

/** The organization's token policy: read with organization:read (a narrower token goes without it). */
const ImportPolicy = graphql(`
  query ImportPolicy {
    viewer { organization { patMaxLifetimeDays } }
  }
`);

const ImportTokens = graphql(`
  mutation ImportTokens($input: ImportTokensInput!) {
    importTokens(input: $input) {
      __typename
      ... on ImportTokensPayload { tokens { id } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const ImportPersonalAccessTokens = graphql(`
  mutation ImportPersonalAccessTokens($input: ImportPersonalAccessTokensInput!) {
    importPersonalAccessTokens(input: $input) {
      __typename
      ... on ImportPersonalAccessTokensPayload { personalAccessTokens { id } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

/** As the server's MAX_IMPORT_BATCH: one import takes at most this many items. */
const MAX_IMPORT_BATCH = 1000;
const DAY_MS = 86_400_000;
const TOKEN_LIFETIMES = [30, 90, 180, 365];
const PAT_LIFETIMES = [1, 7, 30, 90, 180, 365];
/** The longest lifetime the server allows when the policy cannot be read; it refuses anything longer. */
const POLICY_UNKNOWN_DAYS = 3660;

/** One pasted line that holds a key: where it is (1-based, as the field shows it), its name, its key. */
export interface ImportLine {
  line: number;
  name: string | null;
  key: string;
}

const HEADER = /^"?(name|description)"?\s*,\s*"?(key|keysha256|key_sha256)"?$/i;

/**
 * The keys in pasted text: one per line, either the key alone or `name,key` (the name may be quoted as
 * CSV quotes it, and holds commas: the key is what follows the last one, as keys hold none). Blank lines,
 * `#` comments and a `name,key` header are skipped.
 */
export function parseImportLines(text: string): ImportLine[] {
  const lines: ImportLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const content = raw.trim();
    if (content === '' || content.startsWith('#') || HEADER.test(content)) return;
    const comma = content.lastIndexOf(',');
    if (comma < 0) {
      lines.push({ line: index + 1, name: null, key: content });
      return;
    }
    let name = content.slice(0, comma).trim();
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
      name = name.slice(1, -1).replace(/""/g, '"');
    }
    lines.push({ line: index + 1, name: name || null, key: content.slice(comma + 1).trim() });
  });
  return lines;
}

/** What the preview says of the pasted text: counts only, never a key. */
interface Preview {
  keys: number;
  named: number;
}

const previewOf = (text: string): Preview => {
  const lines = parseImportLines(text);
  return { keys: lines.length, named: lines.filter((line) => line.name).length };
};

/**
 * A refused item (`tokens[3].key`) as the line it came from: the error is worded for that line, and named
 * `lines` so that it shows under the pasted text. No failure stays none.
 */
function onLine(failure: Failure, lines: readonly ImportLine[]): Failure {
  if (!failure) return null;
  const match = /^tokens\[(\d+)\]\.(\w+)$/.exec(failure.field ?? '');
  const line = match ? lines[Number(match[1])] : undefined;
  if (!match || !line) return failure;
  const [, , part] = match;
  const message = failure.message.startsWith(`${failure.field} `)
    ? `${part} ${failure.message.slice(failure.field!.length + 1)}`
    : failure.message;
  return { ...failure, field: 'lines', message: `Line ${line.line}: ${message}. Nothing was imported.` };
}

/** What the last import made, to say so and lead there. */
interface Imported {
  count: number;
  into: { kind: 'identity'; id: string; name: string } | { kind: 'pat' };
}

/**
 * Imports keys from another product (authentik, Unleash; docs/migration.md) as a machine identity's tokens
 * or as the signed-in person's own personal access tokens, all or nothing. The pasted keys live in the
 * text field only: read when the form is sent, never put in state, the URL or a log, and cleared once
 * Keygate has them.
 */
export function ImportKeysPage() {
  const { run, viewer } = useSession();
  const params = new URLSearchParams(useSearch());
  const person = viewer?.kind === 'USER';
  const [into, setInto] = useState<'identity' | 'pat'>(
    params.get('into') === 'pat' && person ? 'pat' : 'identity',
  );
  const targets = useQuery(ImportTargets, {}, { skip: !viewer?.permissions.includes('identity:read') });
  const policy = useQuery(
    ImportPolicy,
    {},
    { skip: !person || !viewer?.permissions.includes('organization:read') },
  );
  const cameFrom = params.get('identity');
  // Controlled: the identities arrive after the first render, and the one come from must then be chosen.
  const [identityId, setIdentityId] = useState(cameFrom ?? '');
  const [preview, setPreview] = useState<Preview>({ keys: 0, named: 0 });
  const { failure, busy, onSubmit } = useMutationForm();
  const [imported, setImported] = useState<Imported | null>(null);
  const lines = useRef<HTMLTextAreaElement>(null);

  const identities = targets.data?.machineIdentities.edges.map(({ node }) => node) ?? [];
  const maxDays = policy.data?.viewer.organization.patMaxLifetimeDays ?? POLICY_UNKNOWN_DAYS;
  const patLifetimes = PAT_LIFETIMES.filter((days) => days <= maxDays);

  const submit = onSubmit(async (form) => {
    const parsed = parseImportLines(String(form.get('lines') ?? ''));
    const hashed = form.get('hashed') === 'on';
    const days = Number(form.get('lifetime') ?? 0);
    const expiresAt = days ? new Date(Date.now() + days * DAY_MS).toISOString() : null;
    const keyOf = (line: ImportLine) => (hashed ? { keySha256: line.key } : { key: line.key });
    /** Keygate has the keys: they leave the page too. */
    const done = (result: Imported) => {
      if (lines.current) lines.current.value = '';
      setPreview({ keys: 0, named: 0 });
      setImported(result);
    };
    setImported(null);
    if (parsed.length === 0) return { field: 'lines', message: 'Paste at least one key, one per line.' };
    if (into === 'identity') {
      if (!identityId) return { field: 'identity', message: 'Pick the machine identity the tokens are for.' };
      const { importTokens: result } = await run(ImportTokens, {
        input: {
          identityId,
          tokens: parsed.map((line) => ({
            name: line.name ?? `imported (line ${line.line})`,
            ...keyOf(line),
            ...(expiresAt ? { expiresAt } : {}),
          })),
        },
      });
      if (result.__typename !== 'ImportTokensPayload') return onLine(typedError(result), parsed);
      const name = identities.find((identity) => identity.id === identityId)?.name ?? 'the identity';
      done({ count: result.tokens.length, into: { kind: 'identity', id: identityId, name } });
      return null;
    }
    const { importPersonalAccessTokens: result } = await run(ImportPersonalAccessTokens, {
      input: {
        tokens: parsed.map((line) => ({
          description: line.name ?? `imported (line ${line.line})`,
          ...keyOf(line),
          // The select always gives a lifetime here: a personal access token always expires.
          expiresAt: expiresAt ?? new Date(Date.now() + maxDays * DAY_MS).toISOString(),
        })),
      },
    });
    if (result.__typename !== 'ImportPersonalAccessTokensPayload') return onLine(typedError(result), parsed);
    done({ count: result.personalAccessTokens.length, into: { kind: 'pat' } });
    return null;
  });

  return (
    <>
      <h2>Import keys</h2>
      <p className="muted">
        Bring the keys another product issued (authentik, Unleash…) so that the clients holding them keep
        working. Keygate keeps only each key's SHA-256; an import is all or nothing.
      </p>
      {imported ? (
        <p className="ok card" role="status" data-testid="import-result">
          Imported {imported.count} {imported.count === 1 ? 'key' : 'keys'}
          {imported.into.kind === 'identity' ? (
            <>
              {' '}
              as tokens of{' '}
              <Link to={`/identities/${encodeURIComponent(imported.into.id)}`}>{imported.into.name}</Link>.
            </>
          ) : (
            <>
              {' '}
              as <Link to="/personal-access-tokens">your personal access tokens</Link>.
            </>
          )}
        </p>
      ) : null}
      {/* POST: were the script ever not to handle it, the keys would not land in the URL. */}
      <form className="card form-grid" method="post" onSubmit={submit} aria-label="Import keys">
        <h3>Keys to import</h3>
        <span className="label">Import as</span>
        <div className="field" role="radiogroup" aria-label="Import as">
          <label>
            <input
              type="radio"
              name="into"
              value="identity"
              checked={into === 'identity'}
              onChange={() => setInto('identity')}
            />{' '}
            tokens of a machine identity
          </label>
          {person ? (
            <label>
              <input
                type="radio"
                name="into"
                value="pat"
                checked={into === 'pat'}
                onChange={() => setInto('pat')}
              />{' '}
              my own personal access tokens
            </label>
          ) : null}
        </div>
        {into === 'identity' ? (
          <Field
            label="Machine identity"
            field="identity"
            failure={failure}
            hint="Create it first, with the permissions its clients need."
          >
            {(control) => (
              <select
                {...control}
                name="identity"
                value={identityId}
                onChange={(event) => setIdentityId(event.target.value)}
              >
                <option value="">Pick one…</option>
                {identities.map((identity) => (
                  <option key={identity.id} value={identity.id}>
                    {identity.name}
                    {identity.disabled ? ' (disabled)' : ''}
                  </option>
                ))}
                {cameFrom && targets.data && !identities.some((identity) => identity.id === cameFrom) ? (
                  <option value={cameFrom}>the identity you came from</option>
                ) : null}
              </select>
            )}
          </Field>
        ) : null}
        <Field
          label="Keys"
          field="lines"
          failure={failure}
          hint={
            <>
              One per line: the key alone, or <code>name,key</code> as a CSV row. Blank lines and lines
              starting with # are skipped.
            </>
          }
        >
          {(control) => (
            <textarea
              {...control}
              ref={lines}
              name="lines"
              className="import-lines"
              rows={8}
              spellCheck={false}
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              data-testid="import-lines"
              placeholder={'ci-runner,AbC123…\ndefault:production.4f0c…'}
              onInput={(event) => setPreview(previewOf(event.currentTarget.value))}
            />
          )}
        </Field>
        <span className="label">Hashes</span>
        <div className="field">
          <label>
            <input type="checkbox" name="hashed" /> the lines hold SHA-256 hashes of the keys, not the keys
          </label>
          <span className="hint">
            64 hexadecimal digits or 43 base64url characters, as exported from the other product's database
            (Unleash's v2 verifier): no key leaves it.
          </span>
        </div>
        <Field
          label="Expires in"
          field="lifetime"
          failure={failure}
          hint={
            into === 'identity'
              ? "For keys that never expired: the organization's maximum token lifetime, or your session's end, whichever comes first."
              : 'A personal access token always expires; at most what the organization allows.'
          }
        >
          {(control) =>
            into === 'identity' ? (
              <select {...control} name="lifetime" defaultValue={0} key="identity">
                <option value={0}>as late as allowed</option>
                {TOKEN_LIFETIMES.map((days) => (
                  <option key={days} value={days}>
                    {days} days
                  </option>
                ))}
              </select>
            ) : (
              <select
                {...control}
                name="lifetime"
                key="pat"
                defaultValue={patLifetimes.includes(90) ? 90 : patLifetimes.at(-1)}
              >
                {patLifetimes.map((days) => (
                  <option key={days} value={days}>
                    {days} {days === 1 ? 'day' : 'days'}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <div className="form-actions">
          <p className="muted" role="status" data-testid="import-preview">
            {preview.keys === 0
              ? 'No keys pasted yet.'
              : `${preview.keys} ${preview.keys === 1 ? 'key' : 'keys'} to import` +
                (preview.named ? `, ${preview.named} with a name` : '') +
                (preview.keys > MAX_IMPORT_BATCH
                  ? `: one import takes at most ${MAX_IMPORT_BATCH}; split the list.`
                  : '.')}
          </p>
          <ErrorNotice error={targets.error} />
          <ResultError error={formLevel(failure, ['lines', 'identity', 'lifetime'])} />
          <button type="submit" className="primary" disabled={busy}>
            Import
          </button>
        </div>
      </form>
    </>
  );
}
