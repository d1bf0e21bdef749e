import type { IncomingMessage } from 'node:http';
import { cleanUserAgent, type RequestFacts } from '../caller.js';
import type { Services } from '../services.js';
import { header, requestIdOfHttp } from './respond.js';

/** Who a plain-HTTP request says it is, as caller.ts takes it (the same facts the GraphQL door reads). */
export function requestFactsOf(services: Services, request: IncomingMessage): RequestFacts {
  return {
    authorization: header(request, 'authorization'),
    organizationHeader: header(request, 'x-keygate-organization'),
    ip: services.clientAddress(request.socket.remoteAddress, header(request, 'x-forwarded-for')),
    userAgent: cleanUserAgent(header(request, 'user-agent')),
    requestId: requestIdOfHttp(request),
  };
}

/** What an audit event records of a request: where it came from, never its credentials. */
export function auditedFacts(facts: RequestFacts): Pick<RequestFacts, 'requestId' | 'ip' | 'userAgent'> {
  return { requestId: facts.requestId, ip: facts.ip, userAgent: facts.userAgent };
}
