import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

/**
 * Walks every type reachable from the root types and reports each place where tenant data could be read
 * without an organization check. Pothos keeps each type's and field's options in `extensions.pothosOptions`;
 * scope-auth reads its rules from there, and so does this walk. A rule counts only for what it really
 * demands: scope maps are evaluated as scope-auth evaluates them (a plain map is "any of", `$all` is "all
 * of"), so `{ organization: x, permission: p }` (either one suffices) or `{ $all: {} }` (always passes) do
 * not count, and an organization check must compare with the object's own organization id.
 */

interface WalkPolicy {
  /** Root fields anyone may call without a rule, as `Type.field`. */
  publicRootFields: ReadonlySet<string>;
  /** Why an object type needs no tenant rule of its own, or null when it does. */
  exemption: (type: GraphQLObjectType) => string | null;
  /** The type whose objects are organizations: their tenant key is `id`, everyone else's `organizationId`. */
  organizationType: string;
}

interface SchemaWalk {
  /** Every object type reachable from Query, Mutation and Subscription (through unions and interfaces too). */
  reachable: string[];
  /** Exempt types and the reason the policy gives. */
  exempt: Record<string, string>;
  /** Problems by type name; a type without problems is absent. */
  problems: Record<string, string[]>;
}

type ScopeMap = { [scope: string]: unknown };
type Rule = boolean | ScopeMap;
type PothosOptions = { authScopes?: unknown; skipTypeScopes?: boolean; skipInterfaceScopes?: boolean };

const options = (of: { extensions?: unknown }) =>
  ((of.extensions as { pothosOptions?: PothosOptions } | undefined)?.pothosOptions ?? {}) as PothosOptions;

/** Reads of the parent object come back as `parent.<field>`, so a rule shows which field it compares. */
const parent = new Proxy(
  {},
  { get: (_target, key) => (typeof key === 'string' ? `parent.${key}` : undefined) },
);

/** A rule as a scope map. Functions are called with the marked parent; one that needs more is opaque. */
function ruleOf(authScopes: unknown, field: boolean): Rule | 'opaque' | undefined {
  if (authScopes === undefined) return undefined;
  if (typeof authScopes !== 'function') return authScopes as Rule;
  try {
    // Type rules get (parent, context), field rules (parent, args, context, info).
    const result = field ? authScopes(parent, {}, {}, {}) : authScopes(parent, {});
    if (result && typeof (result as { then?: unknown }).then === 'function') return 'opaque';
    return result as Rule;
  } catch {
    return 'opaque';
  }
}

/** Whether a rule passes when each scope answers as `scope` says; a plain map passes when any entry does. */
function passes(rule: Rule, scope: (name: string, argument: unknown) => boolean, all = false): boolean {
  if (typeof rule === 'boolean') return rule;
  const results = Object.entries(rule).map(([name, argument]) => {
    if (name === '$all') return passes(argument as Rule, scope, true);
    if (name === '$any') return passes(argument as Rule, scope, false);
    return scope(name, argument);
  });
  return all ? results.every(Boolean) : results.some(Boolean);
}

/** Denies when no scope is held. */
const restricts = (rule: Rule) => !passes(rule, () => false);

/** Denies whenever the organization check on the object's own tenant key fails, whatever else holds. */
const requiresOrganization = (rule: Rule, tenantKey: string) =>
  !passes(rule, (name, argument) => !(name === 'organization' && argument === `parent.${tenantKey}`));

function reachableTypes(walked: GraphQLSchema): GraphQLObjectType[] {
  const seen = new Map<string, GraphQLObjectType>();
  const queue: GraphQLNamedType[] = [
    walked.getQueryType(),
    walked.getMutationType(),
    walked.getSubscriptionType(),
  ].filter((type): type is GraphQLObjectType => Boolean(type));
  const visited = new Set<string>();
  while (queue.length > 0) {
    const type = queue.shift()!;
    if (visited.has(type.name)) continue;
    visited.add(type.name);
    if (isObjectType(type)) {
      seen.set(type.name, type);
      for (const field of Object.values(type.getFields())) queue.push(getNamedType(field.type));
    } else if (isInterfaceType(type) || isUnionType(type)) {
      queue.push(...walked.getPossibleTypes(type));
      if (isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) queue.push(getNamedType(field.type));
      }
    }
    // Scalars and enums carry no objects of anybody's; input types only come in.
  }
  return [...seen.values()];
}

function walkSchema(walked: GraphQLSchema, policy: WalkPolicy): SchemaWalk {
  const roots = new Set(
    [walked.getQueryType(), walked.getMutationType(), walked.getSubscriptionType()].map((t) => t?.name),
  );
  const reachable = reachableTypes(walked);
  const exempt: Record<string, string> = {};
  const problems: Record<string, string[]> = {};
  const report = (type: GraphQLObjectType, problem: string) => {
    problems[type.name] = [...(problems[type.name] ?? []), problem];
  };

  for (const type of reachable) {
    const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
    if (roots.has(type.name)) {
      for (const field of fields) {
        const name = `${type.name}.${field.name}`;
        if (policy.publicRootFields.has(name)) continue;
        const rule = ruleOf(options(field).authScopes, true);
        if (rule === undefined) report(type, `${field.name}: no rule`);
        else if (rule === 'opaque') report(type, `${field.name}: rule cannot be read without a request`);
        else if (!restricts(rule)) report(type, `${field.name}: rule lets everybody in`);
      }
      continue;
    }
    const reason = policy.exemption(type);
    if (reason) {
      exempt[type.name] = reason;
      continue;
    }
    const tenantKey = type.name === policy.organizationType ? 'id' : 'organizationId';
    // Type rules of the type and of its interfaces all have to pass, so one organization check suffices.
    const typeRules = [
      ruleOf(options(type).authScopes, false),
      ...(options(type).skipInterfaceScopes
        ? []
        : type.getInterfaces().map((iface) => ruleOf(options(iface).authScopes, false))),
    ];
    if (typeRules.includes('opaque')) report(type, 'type rule cannot be read without a request');
    const typeChecks = typeRules.some(
      (rule) => rule !== undefined && rule !== 'opaque' && requiresOrganization(rule, tenantKey),
    );
    const unchecked = fields.filter((field) => {
      const rule = ruleOf(options(field).authScopes, true);
      const fieldChecks = rule !== undefined && rule !== 'opaque' && requiresOrganization(rule, tenantKey);
      const typeApplies = typeChecks && !options(field).skipTypeScopes;
      return !typeApplies && !fieldChecks;
    });
    if (unchecked.length === fields.length) {
      report(type, `no rule requiring organization = ${tenantKey}, on the type or on any field`);
    } else {
      for (const field of unchecked) report(type, `${field.name}: escapes the organization check`);
    }
  }
  for (const list of Object.values(problems)) list.sort();
  return { reachable: reachable.map((type) => type.name).sort(), exempt, problems };
}

/**
 * Object types that need no tenant rule of their own, and why. Keep it short: each entry is a decision.
 * Everything they lead to is walked and checked in its own right; Prisma-backed types are never matched by
 * a name pattern, only by their exact name.
 */
const EXEMPT: { name: RegExp; why: string }[] = [
  { name: /^PageInfo$/, why: 'Relay paging: cursors and booleans' },
  { name: /Connection$/, why: 'a Relay connection: edges, pageInfo and a count of a list already filtered' },
  { name: /ConnectionEdge$/, why: 'a Relay edge: a cursor and a node of a checked type' },
  { name: /Payload$/, why: 'what a checked mutation returned: its own result and objects of checked types' },
  { name: /Error$/, why: 'a typed failure: code, message and a leaf or two' },
  { name: /^Viewer(Credential)?$/, why: 'the caller itself and its own credential, behind Query.viewer' },
  {
    name: /^ViewerOrganization$/,
    why:
      "the caller's own memberships (name, role, state of each organization it belongs to; only its own for a " +
      'bound token or a machine identity), behind Query.viewer.organizations and createOrganization',
  },
  {
    name: /^ExpiringCredential$/,
    why: "the caller's own credentials in the acting organization, behind Query.viewer.expiringCredentials",
  },
  {
    name: /^(CredentialVerification|ClientAssertionVerification|AuditChainVerification)$/,
    why: 'the answer of a check that a root field computes in the acting organization (and gates there)',
  },
  {
    name: /^RotatedSigningKey$/,
    why: 'a kid and an algorithm, published anyway at /.well-known/jwks.json; only rotateSigningKeys returns it',
  },
  {
    name: /^User$/,
    why:
      'a person belongs to no single organization; node() finds one only through a membership in the ' +
      'acting organization, and every field leading to a User sits on a checked type',
  },
];

function keygateExemption(type: GraphQLObjectType): string | null {
  const prismaModel = (type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel;
  for (const { name, why } of EXEMPT) {
    if (!name.test(type.name)) continue;
    if (prismaModel && name.source !== `^${type.name}$`) return null;
    return why;
  }
  return null;
}

/**
 * Root fields anyone may call without a rule. Keep it short: each entry is a decision, not an omission.
 * - Mutation.acceptInvitation: the invitation's one-time code is the credential (a person new to Keygate
 *   has no other); it answers only what the code's own invitation made, and made-up codes count as
 *   failed sign-ins (test/schema/invitation.test.ts).
 */
const PUBLIC_ROOT_FIELDS = new Set<string>(['Mutation.acceptInvitation']);

const keygate = walkSchema(schema, {
  publicRootFields: PUBLIC_ROOT_FIELDS,
  exemption: keygateExemption,
  organizationType: 'Organization',
});

describe('every field that can reach tenant data has an authorization rule', () => {
  it('walks every object type of the schema, including each Prisma-backed one', () => {
    const objectTypes = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .map((type) => type.name)
      .sort();
    expect(keygate.reachable).toEqual(objectTypes);
    expect(keygate.reachable).toEqual(
      expect.arrayContaining([
        'Organization',
        'User',
        'Membership',
        'PersonalAccessToken',
        'MachineIdentity',
        'Token',
        'Project',
        'Application',
        'ApplicationKey',
        'AuditEvent',
      ]),
    );
  });

  it('exempts only the types it names, and no tenant model by pattern', () => {
    const tenantModels = keygate.reachable.filter((name) => {
      const type = schema.getType(name)!;
      return Boolean((type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel);
    });
    expect(tenantModels.filter((name) => name in keygate.exempt)).toEqual(['User']);
  });

  it.each(keygate.reachable.map((name) => [name] as const))('%s', (name) => {
    expect(keygate.problems[name] ?? [], `${name}: ${keygate.exempt[name] ?? 'checked'}`).toEqual([]);
  });
});

describe('the walk bites', () => {
  /** A schema of its own, made with the plugin Keygate uses, with each mistake the walk must catch. */
  function throwawaySchema() {
    type Types = {
      Context: { organizationId: string | null };
      AuthScopes: { authenticated: boolean; organization: string; permission: string };
    };
    // plugin-prisma's global types make its options required on every builder; this one has no Prisma.
    // @ts-expect-error
    const b = new SchemaBuilder<Types>({
      plugins: [ScopeAuthPlugin],
      scopeAuth: {
        authScopes: (context) => ({
          authenticated: context.organizationId !== null,
          organization: (id) => id === context.organizationId,
          permission: () => false,
        }),
      },
    });
    interface Row {
      id: string;
      organizationId: string;
      name: string;
    }
    const rows = (): Row[] => [];
    const checked = b.objectRef<Row>('Checked').implement({
      authScopes: (row) => ({ $all: { organization: row.organizationId, permission: 'read' } }),
      fields: (t) => ({
        name: t.exposeString('name'),
        skipping: t.exposeString('name', { skipTypeScopes: true }),
        skippingWithItsOwnCheck: t.exposeString('name', {
          skipTypeScopes: true,
          authScopes: (row) => ({ organization: row.organizationId }),
        }),
      }),
    });
    const unprotected = b.objectRef<Row>('Unprotected').implement({
      fields: (t) => ({ name: t.exposeString('name') }),
    });
    const eitherOr = b.objectRef<Row>('EitherOr').implement({
      // A plain map is "any of": a signed-in stranger passes without the organization check.
      authScopes: (row) => ({ organization: row.organizationId, authenticated: true }),
      fields: (t) => ({ name: t.exposeString('name') }),
    });
    const constantOrganization = b.objectRef<Row>('ConstantOrganization').implement({
      authScopes: () => ({ $all: { organization: 'org-1', authenticated: true } }),
      fields: (t) => ({ name: t.exposeString('name') }),
    });
    const signedInOnly = b.objectRef<Row>('SignedInOnly').implement({
      authScopes: { authenticated: true },
      fields: (t) => ({ name: t.exposeString('name') }),
    });
    const fieldChecked = b.objectRef<Row>('FieldChecked').implement({
      fields: (t) => ({
        name: t.exposeString('name', { authScopes: (row) => ({ organization: row.organizationId }) }),
        id: t.exposeString('id'),
      }),
    });
    const onlyInUnion = b.objectRef<Row>('OnlyInUnion').implement({
      fields: (t) => ({ name: t.exposeString('name') }),
    });
    const wrapped = b
      .objectRef<Row>('Wrapped')
      .implement({ fields: (t) => ({ name: t.exposeString('name') }) });
    const payload = b.objectRef<{ row: Row }>('ThingPayload').implement({
      fields: (t) => ({ wrapped: t.field({ type: wrapped, resolve: (p) => p.row }) }),
    });
    const either = b.unionType('Either', {
      types: [checked, onlyInUnion],
      resolveType: () => 'Checked',
    });
    const list = { authScopes: { authenticated: true }, resolve: rows };
    b.queryType({
      fields: (t) => ({
        checked: t.field({ type: [checked], ...list }),
        unprotected: t.field({ type: [unprotected], ...list }),
        eitherOr: t.field({ type: [eitherOr], ...list }),
        constantOrganization: t.field({ type: [constantOrganization], ...list }),
        signedInOnly: t.field({ type: [signedInOnly], ...list }),
        fieldChecked: t.field({ type: [fieldChecked], ...list }),
        either: t.field({ type: [either], ...list }),
        open: t.field({ type: [checked], resolve: rows }),
        vacuous: t.field({ type: [checked], authScopes: { $all: {} }, resolve: rows }),
        always: t.field({ type: [checked], authScopes: () => true, resolve: rows }),
        public: t.string({ resolve: () => 'hello' }),
      }),
    });
    b.mutationType({
      fields: (t) => ({
        doThing: t.field({ type: payload, resolve: () => ({ row: rows()[0]! }) }),
      }),
    });
    return b.toSchema();
  }

  it('flags unprotected types and fields, weak rules and unprotected root fields, and nothing else', () => {
    const walk = walkSchema(throwawaySchema(), {
      publicRootFields: new Set(['Query.public']),
      exemption: (type) => (/Payload$/.test(type.name) ? 'a payload' : null),
      organizationType: 'Organization',
    });
    expect(walk.exempt).toEqual({ ThingPayload: 'a payload' });
    expect(walk.problems).toEqual({
      Query: ['always: rule lets everybody in', 'open: no rule', 'vacuous: rule lets everybody in'],
      Mutation: ['doThing: no rule'],
      Checked: ['skipping: escapes the organization check'],
      Unprotected: ['no rule requiring organization = organizationId, on the type or on any field'],
      EitherOr: ['no rule requiring organization = organizationId, on the type or on any field'],
      ConstantOrganization: ['no rule requiring organization = organizationId, on the type or on any field'],
      SignedInOnly: ['no rule requiring organization = organizationId, on the type or on any field'],
      FieldChecked: ['id: escapes the organization check'],
      OnlyInUnion: ['no rule requiring organization = organizationId, on the type or on any field'],
      Wrapped: ['no rule requiring organization = organizationId, on the type or on any field'],
    });
  });

  it('does not let a pattern exempt a Prisma-backed type', () => {
    expect(
      keygateExemption({ name: 'SecretPayload', extensions: { pothosPrismaModel: 'Secret' } } as never),
    ).toBeNull();
    expect(keygateExemption({ name: 'TokenPayload', extensions: {} } as never)).not.toBeNull();
  });
});
