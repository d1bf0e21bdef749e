import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startKeygate } from './server.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const keygate = await startKeygate(config, logger);
  if (keygate.adminSecret) {
    // Printed once, straight to stdout and never through the logger: logs must not carry secrets.
    process.stdout.write(
      `\nKeygate created its first organization and an owner.\nAdmin token: ${keygate.adminSecret}\n` +
        'Keep it now: it will not be shown again.\n\n',
    );
  }
  logger.info({ url: `${keygate.url}/graphql`, database: keygate.provider }, 'Keygate is ready');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    keygate.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'Keygate could not start');
  process.exitCode = 1;
}
