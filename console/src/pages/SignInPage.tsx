import { type FormEvent, useState } from 'react';
import { ApiError } from '../api';
import { KeyIcon } from '../components/KeyIcon';
import { ErrorNotice } from '../components/Notices';
import { Link } from '../router';
import { useSession } from '../session';

export function SignInPage() {
  const { signIn, notice } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      setToken('');
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Signing in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>
        <KeyIcon /> Keygate console
      </h1>
      {notice && !error ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} className="card">
        <label htmlFor="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="kg_pat_… or kg_tok_…"
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <p className="hint">
          Paste a personal access token or a machine identity token. It is kept in this browser tab only and
          sent as an <code>Authorization: Bearer</code> header.
        </p>
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">
        Invited to an organization? <Link to="/accept">Accept the invitation</Link>.
      </p>
    </main>
  );
}
