import { builder } from '../builder.js';
import { applicationSearch } from '../domain/credential-search.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { NAME_MAX_LENGTH } from '../domain/machine-identities.js';
import {
  createApplication,
  createProject,
  setApplicationDisabled,
  updateApplication,
} from '../domain/projects.js';
import { auditDeps } from './audit-context.js';
import { searchArgument, searchDescription } from './credential-search.js';
import { failures } from './errors.js';
import { inOrganization } from './tenancy.js';

export const ProjectRef = builder.prismaNode('Project', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'A group of applications, after Zitadel projects.',
  authScopes: (project) => ({ $all: { organization: project.organizationId, permission: 'project:read' } }),
  findUnique: inOrganization('project:read'),
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    applications: t.relatedConnection(
      'applications',
      {
        cursor: 'id',
        description: "The project's applications, newest first.",
        args: {
          search: t.arg.string({
            required: false,
            description: searchDescription('whose name contains it, or whose client id begins with it'),
          }),
        },
        query: (args) => {
          const search = searchArgument(args.search);
          return { where: search ? applicationSearch(search) : {}, orderBy: { id: 'desc' } };
        },
        totalCount: true,
      },
      { description: 'A page of applications.' },
    ),
  }),
});

export const ApplicationRef = builder.prismaNode('Application', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'A client of a project. It authenticates with application keys (JWT profile).',
  authScopes: (application) => ({
    $all: { organization: application.organizationId, permission: 'project:read' },
  }),
  findUnique: inOrganization('project:read'),
  fields: (t) => ({
    name: t.exposeString('name'),
    clientId: t.exposeString('clientId', {
      description: 'The OAuth client id: the `iss` and `sub` of its client assertions.',
    }),
    project: t.relation('project'),
    allowedScopes: t.exposeStringList('allowedScopes'),
    allowedAudiences: t.exposeStringList('allowedAudiences'),
    accessTokenLifetime: t.exposeInt('accessTokenLifetime'),
    requestLimit: t.exposeInt('requestLimit'),
    requestLimitWindow: t.exposeInt('requestLimitWindow'),
    disabled: t.boolean({
      description:
        'Whether the application is disabled: its keys and access tokens do not work until it is enabled.',
      resolve: (application) => application.disabledAt !== null,
    }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('projects', (t) =>
  t.withAuth({ permission: 'project:read' }).prismaConnection(
    {
      type: 'Project',
      cursor: 'id',
      description: "The organization's projects, newest first.",
      resolve: (query, _root, _args, context) =>
        context.services.prisma.project.findMany({
          ...query,
          where: { organizationId: context.viewer.organizationId },
          orderBy: { id: 'desc' },
        }),
      totalCount: (_root, _args, context) =>
        context.services.prisma.project.count({ where: { organizationId: context.viewer.organizationId } }),
    },
    { description: 'A page of projects.' },
  ),
);

const ProjectPayload = builder.simpleObject('ProjectPayload', {
  description: 'The project after the change.',
  fields: (t) => ({ project: t.field({ type: ProjectRef, description: 'The project, as it is now.' }) }),
});

const ApplicationPayload = builder.simpleObject('ApplicationPayload', {
  description: 'The application after the change.',
  fields: (t) => ({
    application: t.field({ type: ApplicationRef, description: 'The application, as it is now.' }),
  }),
});

builder.mutationField('createProject', (t) =>
  t.withAuth({ permission: 'project:manage' }).fieldWithInput({
    description: 'Creates a project in the organization.',
    type: ProjectPayload,
    errors: failures('CreateProject', [ValidationError]),
    input: {
      name: t.input.string({
        required: true,
        description: `Unique in the organization; 1 to ${NAME_MAX_LENGTH} characters.`,
      }),
    },
    resolve: async (_root, { input }, context) => ({
      project: await createProject(auditDeps(context), input),
    }),
  }),
);

builder.mutationField('createApplication', (t) =>
  t.withAuth({ permission: 'project:manage' }).fieldWithInput({
    description: 'Creates an application in a project; Keygate picks its client id.',
    type: ApplicationPayload,
    errors: failures('CreateApplication', [NotFoundError, ValidationError]),
    input: {
      projectId: t.input.globalID({ required: true, for: ProjectRef }),
      name: t.input.string({
        required: true,
        description: `Unique in the project; 1 to ${NAME_MAX_LENGTH} characters.`,
      }),
    },
    resolve: async (_root, { input }, context) => ({
      application: await createApplication(auditDeps(context), {
        projectId: input.projectId.id,
        name: input.name,
      }),
    }),
  }),
);

builder.mutationField('updateApplication', (t) =>
  t.withAuth({ permission: 'project:manage' }).fieldWithInput({
    description:
      'Changes what an application may be issued at /oauth/token: the scopes and audiences its access tokens ' +
      'may carry, their lifetime, and their request limit at the gateway. Omitted settings stay.',
    type: ApplicationPayload,
    errors: failures('UpdateApplication', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: ApplicationRef }),
      name: t.input.string({
        required: false,
        description: `The new name; 1 to ${NAME_MAX_LENGTH} characters.`,
      }),
      allowedScopes: t.input.stringList({
        required: false,
        description: 'Scopes its access tokens may carry (it gets them all when it asks for none).',
      }),
      allowedAudiences: t.input.stringList({
        required: false,
        description: 'Audiences (RFC 8707 resources, absolute https URIs) its access tokens may name.',
      }),
      accessTokenLifetime: t.input.int({
        required: false,
        description: 'Seconds an access token lasts (60 to 86400).',
      }),
      requestLimit: t.input.int({
        required: false,
        description:
          'Requests its access tokens may make per window at introspection and forward auth; 0: none.',
      }),
      requestLimitWindow: t.input.int({
        required: false,
        description: 'The window of requestLimit, in seconds.',
      }),
    },
    resolve: async (_root, { input }, context) => ({
      application: await updateApplication(
        auditDeps(context),
        input.id.id,
        input,
        context.viewer.permissions,
      ),
    }),
  }),
);

for (const [name, disabled] of [
  ['disableApplication', true],
  ['enableApplication', false],
] as const) {
  builder.mutationField(name, (t) =>
    t.withAuth({ permission: 'project:manage' }).fieldWithInput({
      description: disabled
        ? 'Disables an application: its keys stop authenticating and its access tokens stop working at once.'
        : 'Enables a disabled application; its keys and unexpired access tokens work again.',
      type: ApplicationPayload,
      errors: failures(name.charAt(0).toUpperCase() + name.slice(1), [NotFoundError]),
      input: { id: t.input.globalID({ required: true, for: ApplicationRef }) },
      resolve: async (_root, { input }, context) => ({
        application: await setApplicationDisabled(auditDeps(context), input.id.id, disabled),
      }),
    }),
  );
}
