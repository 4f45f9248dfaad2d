/** Resolves on the first SIGTERM or SIGINT, then stops listening for both: how a long-running command waits. */
export async function untilStopped(): Promise<void> {
  const stop = holdStop();
  await stop.stopped;
  stop.release();
}

/** A stop request that keeps catching SIGTERM and SIGINT until released. */
export interface HeldStop {
  /** Resolves on the first SIGTERM or SIGINT. */
  readonly stopped: Promise<void>;
  /** Stops catching both: from then on they end the process at once. */
  release(): void;
}

/**
 * Catches SIGTERM and SIGINT from now until `release()`, for a command whose clean-up a second signal must not cut
 * short, nor a signal that comes while it starts: a supervisor that passes its own signal on just after the same one
 * reached the whole process group sends two.
 */
export function holdStop(): HeldStop {
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const caught = (): void => resolveStopped();
  process.on('SIGTERM', caught);
  process.on('SIGINT', caught);
  return {
    stopped,
    release: () => {
      process.off('SIGTERM', caught);
      process.off('SIGINT', caught);
    },
  };
}
