import { type FormEvent, useState } from 'react';
import { typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { AuditEventsLink } from '../components/CredentialCells';
import { Field } from '../components/Field';
import { formatDate, plural, StateBadge } from '../components/format';
import {
  ErrorNotice,
  type Failure,
  formLevel,
  Loading,
  PartialList,
  ResultError,
} from '../components/Notices';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { SecretReveal } from '../components/SecretReveal';
import { useMutationForm } from '../components/use-mutation-form';
import { graphql } from '../graphql';
import type { InvitationFieldsFragment, MemberFieldsFragment, Role } from '../graphql/graphql';
import { BASE_PATH } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

graphql(`
  fragment MemberFields on Membership {
    id name role permissions createdAt
    user { id email }
  }
`);

graphql(`
  fragment InvitationFields on Invitation {
    id email name role permissions state createdAt expiresAt acceptedAt revokedAt
  }
`);

const Members = graphql(`
  query Members {
    members(first: 100) {
      totalCount
      edges { node { ...MemberFields } }
    }
  }
`);

const Invitations = graphql(`
  query Invitations($state: InvitationState) {
    invitations(first: 50, state: $state) {
      totalCount
      edges { node { ...InvitationFields } }
    }
  }
`);

const UpdateMember = graphql(`
  mutation UpdateMember($input: UpdateMemberInput!) {
    updateMember(input: $input) {
      __typename
      ... on MembershipPayload { membership { id role permissions } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RemoveMember = graphql(`
  mutation RemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const InviteMember = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      __typename
      ... on InviteMemberPayload { invitationCode: code invitation { id email } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RevokeInvitation = graphql(`
  mutation RevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      __typename
      ... on InvitationPayload { invitation { id state } }
      ... on Error { code message }
    }
  }
`);

const RevokeMemberTokens = graphql(`
  mutation RevokeMemberTokens($input: RevokeCredentialsInput!) {
    revokeCredentials(input: $input) {
      __typename
      ... on RevokeCredentialsPayload { personalAccessTokens remaining }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const ROLES: Role[] = ['MEMBER', 'AUDITOR', 'ADMIN', 'OWNER'];
const INVITATION_HOURS = [24, 72, 7 * 24, 30 * 24];
const INVITE_FIELDS = ['email', 'name', 'role', 'expiresInHours'] as const;

/** The link that opens the accept page with the code in its fragment, which never reaches a server log. */
const invitationLink = (code: string) => `${window.location.origin}${BASE_PATH}/accept#${code}`;

export function MembersPage() {
  const { viewer } = useSession();
  const members = useQuery(Members, {});
  const invitations = useQuery(Invitations, { state: 'PENDING' });
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const canReadAudit = viewer?.permissions.includes('audit:read') ?? false;
  const may = (permission: string) => viewer?.permissions.includes(permission) ?? false;

  const list = members.data?.members;
  const pending = invitations.data?.invitations;
  return (
    <>
      <h2>Members</h2>
      <p className="muted">
        The people of {viewer?.organization.name}: their roles, and the invitations not yet accepted.
      </p>

      {link ? (
        <SecretReveal
          label={`the invitation link for ${link.email}`}
          secret={link.url}
          kept="only a hash of its code"
          note="Send it to the person; whoever opens it with their e-mail address joins with the role you chose."
          onDismiss={() => setLink(null)}
        />
      ) : null}

      <section className="card" aria-labelledby="members-heading">
        <h3 id="members-heading">People {list ? <span className="count">{list.totalCount}</span> : null}</h3>
        <ErrorNotice error={members.error} />
        {members.loading && !list ? <Loading what="members" /> : null}
        {list && list.edges.length > 0 ? (
          <ResponsiveTable label="Members">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Joined</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.edges.map(({ node }) => (
                  <MemberRow
                    key={node.id}
                    member={node}
                    you={node.user.id === viewer?.user?.id}
                    canReadAudit={canReadAudit}
                    canRevokeTokens={
                      may('pat:delete') && (may('member:manage') || node.user.id === viewer?.user?.id)
                    }
                    onChanged={members.reload}
                  />
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
        {list ? <PartialList shown={list.edges.length} total={list.totalCount} /> : null}
      </section>

      <InviteForm
        onInvited={(email, code) => {
          setLink({ email, url: invitationLink(code) });
          invitations.reload();
        }}
        onStarted={() => setLink(null)}
      />

      <section className="card" aria-labelledby="invitations-heading">
        <h3 id="invitations-heading">
          Pending invitations {pending ? <span className="count">{pending.totalCount}</span> : null}
        </h3>
        <ErrorNotice error={invitations.error} />
        {invitations.loading && !pending ? <Loading what="invitations" /> : null}
        {pending && pending.edges.length === 0 ? <p className="muted">No invitation is waiting.</p> : null}
        {pending && pending.edges.length > 0 ? (
          <ResponsiveTable label="Pending invitations">
            <table>
              <thead>
                <tr>
                  <th>Invited</th>
                  <th>Role</th>
                  <th>State</th>
                  <th>Expires</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {pending.edges.map(({ node }) => (
                  <InvitationRow key={node.id} invitation={node} onChanged={invitations.reload} />
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
      </section>
    </>
  );
}

function MemberRow({
  member,
  you,
  canReadAudit,
  canRevokeTokens,
  onChanged,
}: {
  member: MemberFieldsFragment;
  you: boolean;
  canReadAudit: boolean;
  canRevokeTokens: boolean;
  onChanged(): void;
}) {
  const { run } = useSession();
  const [role, setRole] = useState<Role>(member.role);
  const { failure, submit } = useMutationForm();
  const [saved, setSaved] = useState<string | null>(null);

  const act = async (work: () => Promise<Failure>) => {
    setSaved(null);
    if (await submit(work)) onChanged();
  };

  const changeRole = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const { updateMember: result } = await run(UpdateMember, { input: { id: member.id, role } });
      if (result.__typename === 'MembershipPayload')
        setSaved(`Role changed to ${result.membership.role.toLowerCase()}.`);
      else setRole(member.role);
      return typedError(result);
    });
  };
  const remove = () =>
    act(async () => typedError((await run(RemoveMember, { input: { id: member.id } })).removeMember));
  const revokeTokens = () =>
    act(async () => {
      const { revokeCredentials: result } = await run(RevokeMemberTokens, {
        input: {
          filter: { memberId: member.id },
          reason: `All of ${member.name}'s tokens, from the members page`,
        },
      });
      if (result.__typename === 'RevokeCredentialsPayload') {
        setSaved(
          `Revoked ${plural(result.personalAccessTokens, 'personal access token')}${
            result.remaining ? `; ${result.remaining} more remain: revoke again` : ''
          }.`,
        );
      }
      return typedError(result);
    });

  return (
    <tr data-testid="member-row">
      <td>
        <strong>{member.name}</strong>
        {you ? <span className="muted"> (you)</span> : null}
        <div className="muted small">{member.user.email}</div>
        {member.permissions.length ? (
          <div className="muted small">plus {member.permissions.join(', ')}</div>
        ) : null}
        <AuditEventsLink targetId={member.id} show={canReadAudit} />
        {saved ? (
          <p className="ok small" role="status">
            {saved}
          </p>
        ) : null}
        <ResultError error={failure} />
      </td>
      <td data-label="Role">
        <form className="inline-form" onSubmit={changeRole} aria-label={`Change the role of ${member.name}`}>
          <select
            aria-label={`Role of ${member.name}`}
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {value.toLowerCase()}
              </option>
            ))}
          </select>
          {role !== member.role ? (
            <button type="submit" className="primary">
              Change role
            </button>
          ) : null}
        </form>
      </td>
      <td data-label="Joined">{formatDate(member.createdAt)}</td>
      <td data-label="Actions" className="actions">
        {canRevokeTokens ? (
          <ConfirmButton
            label="Revoke tokens"
            confirmLabel={`Revoke all ${you ? 'your' : "this member's"} tokens`}
            onConfirm={revokeTokens}
          />
        ) : null}
        <ConfirmButton
          label={you ? 'Leave' : 'Remove'}
          confirmLabel={you ? 'Leave the organization' : 'Remove and delete their tokens'}
          onConfirm={remove}
        />
      </td>
    </tr>
  );
}

function InviteForm({
  onStarted,
  onInvited,
}: {
  onStarted(): void;
  onInvited(email: string, code: string): void;
}) {
  const { run } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();

  const invite = onSubmit(async (form, formElement) => {
    onStarted();
    const { inviteMember: result } = await run(InviteMember, {
      input: {
        email: String(form.get('email') ?? ''),
        name: String(form.get('name') ?? ''),
        role: String(form.get('role')) as Role,
        expiresInHours: Number(form.get('expiresInHours')),
      },
    });
    if (result.__typename !== 'InviteMemberPayload') return typedError(result);
    formElement.reset();
    onInvited(result.invitation.email, result.invitationCode);
    return null;
  });

  return (
    <form className="card form-grid" onSubmit={invite} aria-label="Invite a person">
      <h3>Invite a person</h3>
      <Field label="E-mail" field="email" failure={failure}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="text"
            inputMode="email"
            autoComplete="off"
            placeholder="name@example.com"
          />
        )}
      </Field>
      <Field label="Name" field="name" failure={failure} hint="What this organization will call them.">
        {(control) => <input {...control} name="name" />}
      </Field>
      <Field label="Role" field="role" failure={failure}>
        {(control) => (
          <select {...control} name="role" defaultValue="MEMBER">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role.toLowerCase()}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Link works for" field="expiresInHours" failure={failure}>
        {(control) => (
          <select {...control} name="expiresInHours" defaultValue={7 * 24}>
            {INVITATION_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {hours < 48 ? `${hours} hours` : `${hours / 24} days`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, INVITE_FIELDS)} />
        <button type="submit" className="primary" disabled={busy}>
          Invite
        </button>
      </div>
    </form>
  );
}

function InvitationRow({
  invitation,
  onChanged,
}: {
  invitation: InvitationFieldsFragment;
  onChanged(): void;
}) {
  const { run } = useSession();
  const { failure, submit } = useMutationForm();
  const revoke = async () => {
    const revoked = await submit(async () =>
      typedError((await run(RevokeInvitation, { input: { id: invitation.id } })).revokeInvitation),
    );
    if (revoked) onChanged();
  };
  return (
    <tr data-testid="invitation-row">
      <td>
        <strong>{invitation.name}</strong>
        <div className="muted small">{invitation.email}</div>
        <ResultError error={failure} />
      </td>
      <td data-label="Role">{invitation.role.toLowerCase()}</td>
      <td data-label="State">
        <StateBadge state={invitation.state} />
      </td>
      <td data-label="Expires">{formatDate(invitation.expiresAt)}</td>
      <td data-label="Actions" className="actions">
        {invitation.state === 'PENDING' ? (
          <ConfirmButton label="Revoke" confirmLabel="Revoke the invitation" onConfirm={revoke} />
        ) : null}
      </td>
    </tr>
  );
}
