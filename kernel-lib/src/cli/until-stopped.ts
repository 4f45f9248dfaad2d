/** Resolves on the first SIGTERM or SIGINT, then stops listening for both: how a long-running command waits. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = (): void => {
      process.off('SIGTERM', shutdown);
      process.off('SIGINT', shutdown);
      resolve();
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  });
}
