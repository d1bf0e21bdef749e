import { Link } from '../router';
import { formatDate, StateBadge } from './format';

/** A credential row's state, with when it was revoked under a revoked one. */
export function StateCell({ state, revokedAt }: { state: string; revokedAt?: string | null }) {
  return (
    <td data-label="State">
      <StateBadge state={state} />
      {revokedAt ? (
        <div className="muted small" title={revokedAt}>
          {formatDate(revokedAt)}
        </div>
      ) : null}
    </td>
  );
}

/** A link to the audit log filtered to one object, for those who may read it. */
export function AuditEventsLink({ targetId, show }: { targetId: string; show: boolean }) {
  if (!show) return null;
  return (
    <div className="small">
      <Link to={`/audit?targetId=${encodeURIComponent(targetId)}`}>Audit events</Link>
    </div>
  );
}
