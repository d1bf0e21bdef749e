import { type FormEvent, useState } from 'react';
import { ApiError, execute, typedError } from '../api';
import { KeyIcon } from '../components/KeyIcon';
import { ErrorNotice } from '../components/Notices';
import { SecretReveal } from '../components/SecretReveal';
import { graphql } from '../graphql';
import { navigate } from '../router';
import { useSession } from '../session';

const AcceptInvitation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on AcceptInvitationPayload { secret organizationName role expiresAt }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

interface Accepted {
  secret: string;
  organizationName: string;
  role: string;
  expiresAt: string;
}

/**
 * Where an invitation is accepted. The code may come in the link's fragment (`/console/accept#kg_inv_…`),
 * which browsers never send to a server, or be pasted. Signed in, the person accepts with their own token
 * (as they must when they already use Keygate); signed out, as a person new to Keygate. Either way the
 * answer is a token for that organization, shown once.
 */
export function AcceptInvitationPage() {
  const { token, viewer, signIn } = useSession();
  const [code, setCode] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, '')));
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<Accepted | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { acceptInvitation: result } = await execute(
        AcceptInvitation,
        { input: { code: code.trim(), ...(name.trim() ? { name: name.trim() } : {}) } },
        token,
      );
      if (result.__typename === 'AcceptInvitationPayload') {
        // The code is spent: take it off the page and out of the address bar.
        window.history.replaceState(null, '', window.location.pathname);
        setCode('');
        setAccepted(result);
      } else {
        setError(typedError(result)?.message ?? 'The invitation could not be accepted.');
      }
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Accepting the invitation failed.');
    } finally {
      setBusy(false);
    }
  };

  const signInWith = async (secret: string) => {
    await signIn(secret);
    navigate('/');
  };

  return (
    <main className="sign-in">
      <h1>
        <KeyIcon /> Accept an invitation
      </h1>
      {accepted ? (
        <>
          <p role="status">
            You joined <strong>{accepted.organizationName}</strong> as {accepted.role.toLowerCase()}. This is
            your personal access token there; it expires {new Date(accepted.expiresAt).toLocaleDateString()}{' '}
            unless you renew it.
          </p>
          <SecretReveal
            label="your personal access token"
            secret={accepted.secret}
            onDismiss={() => setAccepted(null)}
          />
          <button type="button" className="primary" onClick={() => void signInWith(accepted.secret)}>
            Sign in with it
          </button>
        </>
      ) : (
        <form onSubmit={submit} className="card" aria-label="Accept an invitation">
          <label htmlFor="invitation-code">Invitation code</label>
          <input
            id="invitation-code"
            name="code"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="kg_inv_…"
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
          <label htmlFor="invitation-name">Your name (optional)</label>
          <input
            id="invitation-name"
            name="name"
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <p className="hint">
            {viewer?.user
              ? `You accept as ${viewer.user.email}, with the token you are signed in with.`
              : 'New to Keygate? Accept without signing in. If you already use Keygate, sign in with your own token first: only you can accept an invitation for your e-mail address.'}
          </p>
          <ErrorNotice error={error} />
          <button type="submit" className="primary" disabled={busy || !code.trim()}>
            {busy ? 'Accepting…' : 'Accept invitation'}
          </button>
        </form>
      )}
    </main>
  );
}
