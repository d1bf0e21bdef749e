import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.js';
import { describeConventions } from './descriptions.js';
import './errors.js';
import './organization.js';
import './user.js';
import './viewer.js';
import './personal-access-token.js';
import './machine-identity.js';
import './membership.js';
import './invitation.js';
import './token.js';
import './project.js';
import './application-key.js';
import './verify-credential.js';
import './audit-event.js';
import './webhook.js';

export const schema = lexicographicSortSchema(describeConventions(builder.toSchema()));
