import { createSandbox } from './app';
import { loadSandboxConfig, SandboxConfigError } from './config';

// Entry point: `tsx sandbox/server.ts` with the environment described in sandbox/README.md.
try {
  const sandbox = createSandbox(loadSandboxConfig());
  await sandbox.start();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sandbox.log.info({ signal }, 'shutting down');
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        sandbox.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  console.error(error instanceof SandboxConfigError ? error.message : error);
  process.exit(1);
}
