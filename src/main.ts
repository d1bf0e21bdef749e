import { ConfigError, type KeygateConfig, loadConfig } from './config.js';
import { MasterKeyError } from './keys/master-key.js';
import { createLogger } from './logger.js';
import { type RunningKeygate, startKeygate } from './server.js';

let config: KeygateConfig;
try {
  config = loadConfig();
} catch (error) {
  // Said plainly, on stderr: there is no logger yet, and the operator reads this at the terminal.
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
for (const warning of config.warnings) logger.warn(warning);

// Signals are taken before anything says Keygate is up: a supervisor that stops Keygate the moment it reads
// the ready line must find a handler, not the default action (which would kill it without draining). A
// signal during start-up stops Keygate as soon as it has started.
let keygate: RunningKeygate | undefined;
let stopping = false;
const shutDown = (running: RunningKeygate) =>
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  if (keygate) shutDown(keygate);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

try {
  keygate = await startKeygate(config, logger);
  if (stopping) {
    await shutDown(keygate);
  } else {
    if (keygate.adminSecret) {
      // Printed once, straight to stdout and never through the logger: logs must not carry secrets.
      process.stdout.write(
        `\nKeygate created its first organization and an owner.\nAdmin token: ${keygate.adminSecret}\n` +
          'Keep it now: it will not be shown again.\n\n',
      );
    }
    logger.info({ url: `${keygate.url}/graphql`, database: keygate.provider }, 'Keygate is ready');
  }
} catch (error) {
  if (error instanceof MasterKeyError) {
    // What the operator must fix, said plainly (like a configuration error), not a stack trace.
    process.stderr.write(`Keygate could not start: ${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'Keygate could not start');
  }
  process.exitCode = 1;
}
