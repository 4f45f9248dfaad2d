/** When an execution is over, and how long something took, said the same way in the notebook and the panel. */

const terminalExecutionStatuses: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped']);

export function isTerminalExecutionStatus(status: string | undefined): boolean {
  return status !== undefined && terminalExecutionStatuses.has(status);
}

/** `0.4s`, `45s`, `3m 4s`, `2h 1m`; `running` rounds to whole seconds, since tenths of a moving time only flicker. */
export function formatDuration(ms: number, options: { readonly running?: boolean } = {}): string {
  const exact = Math.max(0, ms) / 1000;
  // Local steps often take under a second: tenths say more than "0s" there.
  if (exact < 10 && options.running !== true) return `${exact.toFixed(1)}s`;
  const total = Math.round(exact);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}
