import { useState } from 'react';
import { typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Field } from '../components/Field';
import { formatDate, StateBadge } from '../components/format';
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
import type {
  CredentialPolicyAction,
  OrganizationSettingsFieldsFragment,
  UpdateOrganizationInput,
  WebhookEndpointFieldsFragment,
  WebhookFormat,
} from '../graphql/graphql';
import { useSession } from '../session';
import { useQuery } from '../use-query';

graphql(`
  fragment OrganizationSettingsFields on Organization {
    id name createdAt
    patMaxLifetimeDays patLimitPerUser tokenMaxLifetimeDays appKeyDefaultLifetimeDays appKeyMaxLifetimeDays
    auditRetentionDays expiryWarningDays inactivityDays inactivityAction leakAction
    exchangeAudiences exchangeTokenLifetime
  }
`);

const OrganizationSettings = graphql(`
  query OrganizationSettings {
    viewer { organization { ...OrganizationSettingsFields } }
  }
`);

const UpdateOrganization = graphql(`
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      __typename
      ... on OrganizationPayload { organization { ...OrganizationSettingsFields } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id url description eventTypes format enabled failing failingSince createdAt
    deliveries(first: 3) {
      totalCount
      edges { node { id eventType status attempts responseStatus error createdAt } }
    }
  }
`);

const WebhookEndpoints = graphql(`
  query WebhookEndpoints {
    webhookEndpoints(first: 50) {
      totalCount
      edges { node { ...WebhookEndpointFields } }
    }
  }
`);

const CreateWebhookEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointWithSecretPayload { secret webhookEndpoint { id url } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const UpdateWebhookEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointPayload { webhookEndpoint { id enabled } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const SendWebhookTestEvent = graphql(`
  mutation SendWebhookTestEvent($input: SendWebhookTestEventInput!) {
    sendWebhookTestEvent(input: $input) {
      __typename
      ... on WebhookDeliveryPayload { delivery { id status } }
      ... on Error { code message }
    }
  }
`);

const DeleteWebhookEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const SuspendOrganization = graphql(`
  mutation SuspendOrganization($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) {
      __typename
      ... on OrganizationPayload { organization { id suspendedAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const ResumeOrganization = graphql(`
  mutation ResumeOrganization($input: ResumeOrganizationInput!) {
    resumeOrganization(input: $input) {
      __typename
      ... on OrganizationPayload { organization { id suspendedAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const DeleteOrganization = graphql(`
  mutation DeleteOrganization($input: DeleteOrganizationInput!) {
    deleteOrganization(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

type Organization = OrganizationSettingsFieldsFragment;
type SettingKey = keyof UpdateOrganizationInput & keyof Organization;

/** How a setting is typed in and read back: one shape per kind of value updateOrganization takes. */
type Kind =
  | 'text'
  | 'days'
  /** Empty means off or no cap; sent as 0, which updateOrganization reads that way. */
  | 'optionalDays'
  | 'count'
  | 'seconds'
  | 'dayList'
  | 'lines'
  | 'action';

interface Setting {
  key: SettingKey;
  label: string;
  kind: Kind;
  hint?: string;
}

const GROUPS: { title: string; settings: Setting[] }[] = [
  { title: 'Organization', settings: [{ key: 'name', label: 'Name', kind: 'text' }] },
  {
    title: 'Lifetimes',
    settings: [
      {
        key: 'patMaxLifetimeDays',
        label: 'Personal access token lifetime',
        kind: 'days',
        hint: 'The longest a personal access token may be created with, in days (1 to 3660).',
      },
      {
        key: 'tokenMaxLifetimeDays',
        label: 'Token maximum lifetime',
        kind: 'optionalDays',
        hint: "The longest a machine identity's token may last, renewals included, in days; empty: no cap.",
      },
      {
        key: 'appKeyDefaultLifetimeDays',
        label: 'Application key lifetime',
        kind: 'days',
        hint: 'Days an application key lasts when created without an expiry.',
      },
      {
        key: 'appKeyMaxLifetimeDays',
        label: 'Application key maximum',
        kind: 'optionalDays',
        hint: 'The longest an application key may last, in days; empty: no cap.',
      },
    ],
  },
  {
    title: 'Limits',
    settings: [
      {
        key: 'patLimitPerUser',
        label: 'Personal access tokens per person',
        kind: 'count',
        hint: 'How many one person may hold here (1 to 10000).',
      },
    ],
  },
  {
    title: 'Policies',
    settings: [
      {
        key: 'expiryWarningDays',
        label: 'Expiry warnings',
        kind: 'dayList',
        hint: 'Days before a credential expires that its owner is warned, comma-separated (up to 5).',
      },
      {
        key: 'inactivityDays',
        label: 'Inactivity',
        kind: 'optionalDays',
        hint: 'Credentials unused for this many days are caught; empty: never.',
      },
      { key: 'inactivityAction', label: 'Inactive credentials', kind: 'action' },
      {
        key: 'leakAction',
        label: 'Leaked credentials',
        kind: 'action',
        hint: 'What Keygate does with a live credential reported leaked (secret scanning).',
      },
      {
        key: 'auditRetentionDays',
        label: 'Audit retention',
        kind: 'optionalDays',
        hint: 'Days audit events are kept; empty: for ever.',
      },
    ],
  },
  {
    title: 'Token exchange',
    settings: [
      {
        key: 'exchangeAudiences',
        label: 'Exchange audiences',
        kind: 'lines',
        hint: 'Audiences (absolute https URIs, or urn: names) an exchanged access token may name, one per line.',
      },
      {
        key: 'exchangeTokenLifetime',
        label: 'Exchanged token lifetime',
        kind: 'seconds',
        hint: 'Seconds an exchanged access token lasts (60 to 86400).',
      },
    ],
  },
];

const SETTING_KEYS = GROUPS.flatMap((group) => group.settings.map((setting) => setting.key));
const ACTIONS: CredentialPolicyAction[] = ['REPORT', 'REVOKE'];
const ACTION_WORDS: Record<CredentialPolicyAction, string> = {
  REPORT: 'report them (record an event, send webhooks)',
  REVOKE: 'revoke them',
};

/** A setting as its field shows it. */
function shown(organization: Organization, setting: Setting): string {
  const value = organization[setting.key];
  if (value == null) return '';
  if (Array.isArray(value)) return value.join(setting.kind === 'lines' ? '\n' : ', ');
  return String(value);
}

const LIST_KINDS: readonly Kind[] = ['dayList', 'lines'];

/** Whether what was typed is what Keygate has: lists compare item by item, whatever separates them. */
function unchanged(setting: Setting, text: string, current: string): boolean {
  const normal = (value: string) =>
    LIST_KINDS.includes(setting.kind)
      ? value
          .split(/[\s,]+/)
          .filter(Boolean)
          .join(' ')
      : value.trim();
  return normal(text) === normal(current);
}

/** What was typed, as updateOrganization takes it; a ValidationError-like failure for what cannot be. */
function parsed(setting: Setting, text: string): { value: unknown } | { failure: NonNullable<Failure> } {
  const whole = (part: string) => (/^\d+$/.test(part) ? Number(part) : null);
  const trimmed = text.trim();
  const fail = (message: string) => ({
    failure: { __typename: 'ValidationError', field: setting.key, message },
  });
  switch (setting.kind) {
    case 'text':
    case 'action':
      return { value: trimmed };
    case 'optionalDays':
      if (trimmed === '') return { value: 0 };
      return whole(trimmed) === null
        ? fail('must be a whole number of days, or empty')
        : { value: whole(trimmed) };
    case 'days':
    case 'count':
    case 'seconds':
      return whole(trimmed) === null ? fail('must be a whole number') : { value: whole(trimmed) };
    case 'dayList': {
      const parts = trimmed.split(/[\s,]+/).filter(Boolean);
      const days = parts.map(whole);
      return days.includes(null) ? fail('must be whole numbers of days, comma-separated') : { value: days };
    }
    case 'lines':
      return { value: trimmed.split(/\s+/).filter(Boolean) };
  }
}

export function OrganizationSettingsPage() {
  const { viewer } = useSession();
  const canManageWebhooks = viewer?.permissions.includes('webhook:manage') ?? false;
  const suspended = viewer?.organizations.some((o) => o.current && o.suspended) ?? false;
  return (
    <>
      <h2>Organization settings</h2>
      <p className="muted">
        {suspended
          ? 'The organization is suspended: its settings wait until an owner resumes it, which is all there is to do here now.'
          : 'Lifetimes, limits and policies for every credential here, and where events are sent.'}
      </p>
      {suspended ? null : <SettingsForm />}
      {suspended ? null : canManageWebhooks ? (
        <Webhooks />
      ) : (
        <section className="card">
          <h3>Webhooks</h3>
          <p className="notice">Webhook endpoints are shown to tokens with the webhook:manage permission.</p>
        </section>
      )}
      <DangerZone suspended={suspended} />
    </>
  );
}

const REASON_FIELDS = ['reason'] as const;
const DELETE_FIELDS = ['confirmName'] as const;

/**
 * What only owners do to the whole organization: suspend it (every credential stops, nothing is revoked)
 * and resume it, or delete it for good after typing its name.
 */
function DangerZone({ suspended }: { suspended: boolean }) {
  const { viewer } = useSession();
  const may = (permission: string) => viewer?.permissions.includes(permission) ?? false;
  const canSuspend = may('organization:suspend');
  const canResume = may('organization:resume');
  const canDelete = may('organization:delete');
  if (!viewer || !(canSuspend || canResume || canDelete)) return null;
  return (
    <section className="card danger-zone" aria-labelledby="danger-zone-heading">
      <h3 id="danger-zone-heading">Danger zone</h3>
      {suspended ? (
        canResume ? (
          <SuspensionForm resume />
        ) : null
      ) : (
        <>
          {canSuspend ? <SuspensionForm resume={false} /> : null}
          {canDelete ? <DeleteOrganizationForm organization={viewer.organization} /> : null}
        </>
      )}
    </section>
  );
}

function SuspensionForm({ resume }: { resume: boolean }) {
  const { run, refreshViewer } = useSession();
  const { failure, busy, submit } = useMutationForm();
  const [reason, setReason] = useState('');

  const change = () =>
    submit(async () => {
      const input = { reason: reason.trim() || null };
      const result = resume
        ? (await run(ResumeOrganization, { input })).resumeOrganization
        : (await run(SuspendOrganization, { input })).suspendOrganization;
      if (result.__typename !== 'OrganizationPayload') return typedError(result);
      // The banner, the navigation and this page follow the organization's new state.
      await refreshViewer();
      return null;
    });

  const what = resume ? 'Resume the organization' : 'Suspend the organization';
  return (
    <form className="form-grid" aria-label={what} onSubmit={(event) => event.preventDefault()}>
      <h4>{what}</h4>
      <p className="muted small form-note">
        {resume
          ? 'Every credential of the organization works again, as it was before the suspension.'
          : 'At once, no credential of the organization works anywhere, and none is revoked. While it is suspended its owners can only resume it.'}
      </p>
      <Field
        label="Reason"
        field="reason"
        failure={failure}
        hint={resume ? 'For the audit log; optional.' : 'Recorded, and shown to the owners; optional.'}
      >
        {(control) => (
          <input
            {...control}
            name="reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoComplete="off"
          />
        )}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, REASON_FIELDS)} />
        {resume ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void change()}>
            Resume organization
          </button>
        ) : (
          <ConfirmButton
            label="Suspend organization"
            confirmLabel="Suspend: stop every credential"
            disabled={busy}
            onConfirm={() => void change()}
          />
        )}
      </div>
    </form>
  );
}

function DeleteOrganizationForm({ organization }: { organization: { id: string; name: string } }) {
  const { run, leaveDeletedOrganization } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();

  const remove = onSubmit(async (form) => {
    const { deleteOrganization: result } = await run(DeleteOrganization, {
      input: { confirmName: String(form.get('confirmName') ?? '') },
    });
    if (result.__typename !== 'DeletedPayload') return typedError(result);
    await leaveDeletedOrganization(organization);
    return null;
  });

  return (
    <form className="form-grid" aria-label="Delete the organization" onSubmit={remove}>
      <h4>Delete the organization</h4>
      <p className="muted small form-note">
        At once no credential of {organization.name} works anywhere, an owner's neither; its data and audit
        log are purged after the retention period. There is no undo.
      </p>
      <Field
        label="Organization name"
        field="confirmName"
        failure={failure}
        hint={
          <>
            Type <strong>{organization.name}</strong> to confirm.
          </>
        }
      >
        {(control) => <input {...control} name="confirmName" autoComplete="off" spellCheck={false} />}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, DELETE_FIELDS)} />
        <button type="submit" className="danger solid" disabled={busy}>
          Delete organization
        </button>
      </div>
    </form>
  );
}

function SettingsForm() {
  const { run, refreshViewer } = useSession();
  const query = useQuery(OrganizationSettings, {});
  const { failure, busy, onSubmit } = useMutationForm();
  const [saved, setSaved] = useState<string | null>(null);
  // A new version after each save: the fields show the settings as Keygate has them now.
  const [version, setVersion] = useState(0);

  const organization = query.data?.viewer.organization;
  if (query.loading && !organization) return <Loading what="the organization's settings" />;
  if (!organization) return <ErrorNotice error={query.error} />;

  const save = onSubmit(async (form) => {
    setSaved(null);
    // Only what changed is sent: what was left alone stays as it is, and the audit event says what moved.
    const input: Record<string, unknown> = {};
    for (const setting of GROUPS.flatMap((group) => group.settings)) {
      const text = String(form.get(setting.key) ?? '');
      if (unchanged(setting, text, shown(organization, setting))) continue;
      const result = parsed(setting, text);
      if ('failure' in result) return result.failure;
      input[setting.key] = result.value;
    }
    if (Object.keys(input).length === 0) {
      setSaved('Nothing changed.');
      return null;
    }
    const { updateOrganization: result } = await run(UpdateOrganization, {
      input: input as UpdateOrganizationInput,
    });
    if (result.__typename !== 'OrganizationPayload') return typedError(result);
    setSaved(`Saved at ${formatDate(new Date().toISOString())}.`);
    setVersion((n) => n + 1);
    query.reload();
    void refreshViewer();
    return null;
  });

  return (
    <form
      key={`${version}-${organization.name}`}
      className="card form-grid"
      onSubmit={save}
      aria-label="Organization settings"
    >
      {GROUPS.map((group) => (
        <SettingsGroup
          key={group.title}
          title={group.title}
          settings={group.settings}
          organization={organization}
          failure={failure}
        />
      ))}
      <div className="form-actions">
        <ResultError error={formLevel(failure, SETTING_KEYS)} />
        {saved ? (
          <p className="ok" role="status">
            {saved}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          Save settings
        </button>
      </div>
    </form>
  );
}

function SettingsGroup({
  title,
  settings,
  organization,
  failure,
}: {
  title: string;
  settings: Setting[];
  organization: Organization;
  failure: Failure;
}) {
  return (
    <>
      <h3>{title}</h3>
      {settings.map((setting) => (
        <Field
          key={setting.key}
          label={setting.label}
          field={setting.key}
          failure={failure}
          hint={setting.hint}
        >
          {(control) => {
            const value = shown(organization, setting);
            if (setting.kind === 'action') {
              return (
                <select {...control} name={setting.key} defaultValue={value}>
                  {ACTIONS.map((action) => (
                    <option key={action} value={action}>
                      {ACTION_WORDS[action]}
                    </option>
                  ))}
                </select>
              );
            }
            if (setting.kind === 'lines') {
              return (
                <textarea {...control} name={setting.key} rows={3} spellCheck={false} defaultValue={value} />
              );
            }
            const numeric = setting.kind !== 'text' && setting.kind !== 'dayList';
            return (
              <input
                {...control}
                name={setting.key}
                defaultValue={value}
                inputMode={numeric || setting.kind === 'dayList' ? 'numeric' : undefined}
                autoComplete="off"
              />
            );
          }}
        </Field>
      ))}
    </>
  );
}

const FORMATS: { value: WebhookFormat; label: string }[] = [
  { value: 'STANDARD_WEBHOOKS', label: 'Standard Webhooks: one JSON message per event' },
  { value: 'NDJSON_BATCH', label: 'NDJSON batches, for a SIEM' },
];
const WEBHOOK_FIELDS = ['url', 'description', 'eventTypes', 'format'] as const;

function Webhooks() {
  const { run } = useSession();
  const list = useQuery(WebhookEndpoints, {});
  const { failure, busy, onSubmit } = useMutationForm();
  const [revealed, setRevealed] = useState<{ url: string; secret: string } | null>(null);

  const create = onSubmit(async (form, formElement) => {
    const eventTypes = String(form.get('eventTypes') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    setRevealed(null);
    const { createWebhookEndpoint: result } = await run(CreateWebhookEndpoint, {
      input: {
        url: String(form.get('url') ?? '').trim(),
        description: String(form.get('description') ?? '').trim() || null,
        eventTypes,
        format: String(form.get('format')) as WebhookFormat,
      },
    });
    if (result.__typename !== 'WebhookEndpointWithSecretPayload') return typedError(result);
    formElement.reset();
    setRevealed({ url: result.webhookEndpoint.url, secret: result.secret });
    list.reload();
    return null;
  });

  const endpoints = list.data?.webhookEndpoints;
  return (
    <>
      {revealed ? (
        <SecretReveal
          label={`the signing secret of ${revealed.url}`}
          secret={revealed.secret}
          kept="it sealed with the master key"
          note="Your receiver checks each delivery's webhook-signature with it (Standard Webhooks)."
          onDismiss={() => setRevealed(null)}
        />
      ) : null}
      <form className="card form-grid" onSubmit={create} aria-label="Add a webhook endpoint">
        <h3>New webhook endpoint</h3>
        <Field label="URL" field="url" failure={failure} hint="Where events are POSTed: an http(s) URL.">
          {(control) => (
            <input
              {...control}
              name="url"
              type="text"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://hooks.example.com/keygate"
            />
          )}
        </Field>
        <Field label="Description" field="description" failure={failure}>
          {(control) => <input {...control} name="description" placeholder="What is it for?" />}
        </Field>
        <Field
          label="Event types"
          field="eventTypes"
          failure={failure}
          hint="Audit actions or patterns (token.revoked, token.*), comma-separated; empty: every event."
        >
          {(control) => <input {...control} name="eventTypes" autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Format" field="format" failure={failure}>
          {(control) => (
            <select {...control} name="format" defaultValue="STANDARD_WEBHOOKS">
              {FORMATS.map((format) => (
                <option key={format.value} value={format.value}>
                  {format.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <ResultError error={formLevel(failure, WEBHOOK_FIELDS)} />
          <button type="submit" className="primary" disabled={busy}>
            Add endpoint
          </button>
        </div>
      </form>

      <section className="card" aria-labelledby="webhooks-heading">
        <div className="card-heading">
          <h3 id="webhooks-heading">
            Webhook endpoints {endpoints ? <span className="count">{endpoints.totalCount}</span> : null}
          </h3>
          <button type="button" onClick={list.reload} disabled={list.loading}>
            Refresh deliveries
          </button>
        </div>
        <ErrorNotice error={list.error} />
        {list.loading && !endpoints ? <Loading what="webhook endpoints" /> : null}
        {endpoints && endpoints.edges.length === 0 ? <p className="muted">No endpoints yet.</p> : null}
        {endpoints && endpoints.edges.length > 0 ? (
          <ResponsiveTable label="Webhook endpoints">
            <table>
              <thead>
                <tr>
                  <th>Endpoint</th>
                  <th>State</th>
                  <th>Latest deliveries</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.edges.map(({ node }) => (
                  <WebhookRow key={node.id} endpoint={node} onChanged={list.reload} />
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
        {endpoints ? <PartialList shown={endpoints.edges.length} total={endpoints.totalCount} /> : null}
      </section>
    </>
  );
}

function WebhookRow({ endpoint, onChanged }: { endpoint: WebhookEndpointFieldsFragment; onChanged(): void }) {
  const { run } = useSession();
  const { failure, submit } = useMutationForm();
  const [notice, setNotice] = useState<string | null>(null);

  const act = async (work: () => Promise<Failure>) => {
    setNotice(null);
    if (await submit(work)) onChanged();
  };

  const sendTest = () =>
    act(async () => {
      const { sendWebhookTestEvent: result } = await run(SendWebhookTestEvent, {
        input: { id: endpoint.id },
      });
      if (result.__typename === 'WebhookDeliveryPayload')
        setNotice('Test event sent: it is delivered at once.');
      return typedError(result);
    });
  const toggle = () =>
    act(async () =>
      typedError(
        (await run(UpdateWebhookEndpoint, { input: { id: endpoint.id, enabled: !endpoint.enabled } }))
          .updateWebhookEndpoint,
      ),
    );
  const remove = () =>
    act(async () =>
      typedError((await run(DeleteWebhookEndpoint, { input: { id: endpoint.id } })).deleteWebhookEndpoint),
    );

  const deliveries = endpoint.deliveries.edges.map((edge) => edge.node);
  return (
    <tr data-testid="webhook-row">
      <td>
        <strong className="url">{endpoint.url}</strong>
        {endpoint.description ? <div className="muted small">{endpoint.description}</div> : null}
        <div className="muted small">
          {endpoint.format === 'NDJSON_BATCH' ? 'NDJSON batches' : 'Standard Webhooks'};{' '}
          {endpoint.eventTypes.length ? endpoint.eventTypes.join(', ') : 'every event'}
        </div>
        {notice ? (
          <p className="ok small" role="status">
            {notice}
          </p>
        ) : null}
        <ResultError error={failure} />
      </td>
      <td data-label="State">
        <StateBadge state={endpoint.enabled ? (endpoint.failing ? 'FAILING' : 'ACTIVE') : 'DISABLED'} />
        {endpoint.failingSince ? (
          <div className="muted small">since {formatDate(endpoint.failingSince)}</div>
        ) : null}
      </td>
      <td data-label="Latest deliveries" data-testid="webhook-deliveries">
        {deliveries.length === 0 ? <span className="muted">none yet</span> : null}
        {deliveries.map((delivery) => (
          <div key={delivery.id} className="small">
            <code>{delivery.eventType}</code> <StateBadge state={delivery.status} />
            {delivery.responseStatus ? ` HTTP ${delivery.responseStatus}` : ''}
            {delivery.error ? <div className="muted">{delivery.error}</div> : null}
          </div>
        ))}
      </td>
      <td data-label="Actions" className="actions">
        <button type="button" onClick={sendTest}>
          Send test event
        </button>
        <button type="button" onClick={toggle}>
          {endpoint.enabled ? 'Disable' : 'Enable'}
        </button>
        <ConfirmButton label="Delete" confirmLabel="Delete the endpoint" onConfirm={remove} />
      </td>
    </tr>
  );
}
