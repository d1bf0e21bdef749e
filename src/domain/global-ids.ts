/**
 * The id the GraphQL API gives an object (a Relay global id: base64 of `Type:id`), so that what Keygate
 * says elsewhere (an access token's `sub`, an introspection answer) names objects the way `node(id:)`
 * finds them.
 */
export function globalIdOf(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}
