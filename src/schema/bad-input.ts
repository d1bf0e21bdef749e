import { GraphQLError } from 'graphql';

/** A refused argument of an operation without typed errors (a query, a verification), naming the field. */
export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}
