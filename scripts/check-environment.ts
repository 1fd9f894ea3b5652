import { ConfigError, validateEnvironment } from '@/lib/config';

// Imported first by the boot scripts (start, server, worker), so it runs before any module reads a
// setting: a bad value stops the process with one line naming each bad variable (secrets not
// shown), not a stack trace from whichever module read it first.
try {
  validateEnvironment();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
