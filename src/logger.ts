import { type DestinationStream, pino } from 'pino';

/**
 * Structured logs. Anything that could carry a secret is redacted by path, so a careless log call cannot
 * leak a credential; code must still never log secrets on purpose. Lines go to stdout unless a
 * `destination` is given (tests read them from one).
 */
export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'request.headers.authorization',
          'secret',
          '*.secret',
          'key',
          '*.key',
          'variables',
          '*.variables',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
