import { randomBytes } from 'node:crypto';
import type { Application, Prisma, Project } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { NotFoundError, refuseDuplicate, ValidationError } from './errors.js';
import { validateName } from './machine-identities.js';
import { validateAudiences, within } from './organizations.js';
import { isPermission, type Permission } from './permissions.js';
import { SCOPE_TOKEN } from './scopes.js';

const SLUG_MAX_LENGTH = 40;

/** A project's name as the domain part of its applications' client ids: `my-project` for "My Project!". */
export function projectSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
  return slug || 'project';
}

/**
 * An OAuth client id in Zitadel's shape, `<random>@<project slug>`: 80 random bits make it unique without
 * a retry loop, and the slug tells people which project a client id in a log belongs to.
 */
export function generateClientId(projectName: string): string {
  return `${randomBytes(10).toString('hex')}@${projectSlug(projectName)}`;
}

/** Finds a project of the caller's organization inside a transaction, or answers not found. */
export async function findProject(
  tx: Prisma.TransactionClient,
  organizationId: string,
  id: string,
): Promise<Project> {
  const project = await tx.project.findFirst({ where: { id, organizationId } });
  if (!project) throw new NotFoundError('Project');
  return project;
}

/** Finds an application of that project in the caller's organization, or answers not found. */
export async function findApplication(
  tx: Prisma.TransactionClient,
  organizationId: string,
  projectId: string,
  id: string,
): Promise<Application> {
  const application = await tx.application.findFirst({ where: { id, projectId, organizationId } });
  if (!application) throw new NotFoundError('Application');
  return application;
}

export async function createProject(deps: AuditedDeps, input: { name: string }): Promise<Project> {
  const { organizationId } = deps.actor;
  return audited(deps, { action: 'project.created', targetType: 'Project' }, async (tx) => {
    const name = validateName(input.name);
    const project = await refuseDuplicate(
      tx.project.create({ data: { organizationId, name } }),
      () => new ValidationError('name', 'a project with this name already exists'),
    );
    return { result: project, targetId: project.id, changes: { after: { name: project.name } } };
  });
}

export async function createApplication(
  deps: AuditedDeps,
  input: { projectId: string; name: string },
): Promise<Application> {
  const { organizationId } = deps.actor;
  return audited(deps, { action: 'application.created', targetType: 'Application' }, async (tx) => {
    const project = await findProject(tx, organizationId, input.projectId);
    const name = validateName(input.name);
    const application = await refuseDuplicate(
      tx.application.create({
        data: { organizationId, projectId: project.id, name, clientId: generateClientId(project.name) },
      }),
      () => new ValidationError('name', 'an application with this name already exists in the project'),
    );
    return {
      result: application,
      targetId: application.id,
      changes: { after: { name: application.name, projectId: project.id, clientId: application.clientId } },
    };
  });
}

export interface ApplicationSettings {
  name?: string | null;
  allowedScopes?: readonly string[] | null;
  allowedAudiences?: readonly string[] | null;
  accessTokenLifetime?: number | null;
  requestLimit?: number | null;
  requestLimitWindow?: number | null;
}

function snapshotApplication(application: Application) {
  return {
    name: application.name,
    allowedScopes: application.allowedScopes,
    allowedAudiences: application.allowedAudiences,
    accessTokenLifetime: application.accessTokenLifetime,
    requestLimit: application.requestLimit,
    requestLimitWindow: application.requestLimitWindow,
    disabled: application.disabledAt !== null,
  };
}

/**
 * Changes what an application may be issued: the scopes and audiences its access tokens may carry, their
 * lifetime, and a request limit for them at the gateway. Omitted settings stay.
 */
export async function updateApplication(
  deps: AuditedDeps,
  id: string,
  input: ApplicationSettings,
  /** What the caller may do: an application may be allowed no Keygate permission the caller lacks. */
  held: ReadonlySet<Permission>,
): Promise<Application> {
  const { organizationId } = deps.actor;
  return audited(
    deps,
    { action: 'application.updated', targetType: 'Application', targetId: id },
    async (tx) => {
      const before = await tx.application.findFirst({ where: { id, organizationId } });
      if (!before) throw new NotFoundError('Application');
      const data: Prisma.ApplicationUpdateInput = {};
      if (input.name != null) data.name = validateName(input.name);
      if (input.allowedScopes != null) {
        const scopes = [...new Set(input.allowedScopes.map((scope) => scope.trim()))];
        if (scopes.length > 100 || scopes.some((scope) => !SCOPE_TOKEN.test(scope))) {
          throw new ValidationError(
            'allowedScopes',
            'allowedScopes: at most 100 scope tokens (printable, no spaces or quotes)',
          );
        }
        // A scope that names a Keygate permission means it (forward-auth rules compare them alike): nobody
        // lets an application's tokens carry a permission they do not hold themselves.
        const beyond = scopes.find((scope) => isPermission(scope) && !held.has(scope));
        if (beyond) {
          throw new ValidationError(
            'allowedScopes',
            `allowedScopes: ${beyond} is a Keygate permission this credential does not hold`,
          );
        }
        data.allowedScopes = scopes;
      }
      if (input.allowedAudiences != null)
        data.allowedAudiences = validateAudiences('allowedAudiences', input.allowedAudiences);
      if (input.accessTokenLifetime != null) {
        data.accessTokenLifetime = within('accessTokenLifetime', input.accessTokenLifetime, 60, 86_400);
      }
      if (input.requestLimit != null)
        data.requestLimit = within('requestLimit', input.requestLimit, 0, 1_000_000);
      if (input.requestLimitWindow != null) {
        data.requestLimitWindow = within('requestLimitWindow', input.requestLimitWindow, 1, 86_400);
      }
      const after = await refuseDuplicate(
        tx.application.update({ where: { id }, data }),
        () => new ValidationError('name', 'an application with this name already exists in the project'),
      );
      return {
        result: after,
        targetId: id,
        changes: { before: snapshotApplication(before), after: snapshotApplication(after) },
      };
    },
  );
}

/** A disabled application's keys and access tokens stop working at once; enabling brings them back. */
export async function setApplicationDisabled(
  deps: AuditedDeps,
  id: string,
  disabled: boolean,
  now = new Date(),
): Promise<Application> {
  const action = disabled ? 'application.disabled' : 'application.enabled';
  return audited(deps, { action, targetType: 'Application', targetId: id }, async (tx) => {
    const before = await tx.application.findFirst({
      where: { id, organizationId: deps.actor.organizationId },
    });
    if (!before) throw new NotFoundError('Application');
    const after = await tx.application.update({
      where: { id },
      data: { disabledAt: disabled ? (before.disabledAt ?? now) : null },
    });
    return {
      result: after,
      targetId: id,
      changes: { before: snapshotApplication(before), after: snapshotApplication(after) },
    };
  });
}
