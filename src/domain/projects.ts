import { randomBytes } from 'node:crypto';
import type { Application, Prisma, Project } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { NotFoundError, refuseDuplicate, ValidationError } from './errors.js';
import { validateName } from './machine-identities.js';

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
