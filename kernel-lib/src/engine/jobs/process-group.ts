/**
 * Signals to a job's process group. A sandboxed job's group is led by bwrap, which dies on SIGTERM and takes
 * the sandbox with it; so SIGTERM goes to every other member (the job may shut down in its grace period, as
 * on SageMaker) and bwrap ends when the job does. SIGKILL goes to the whole group.
 */
import { readdirSync, readFileSync } from 'node:fs';

function members(groupId: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command's name in parentheses: state, parent pid, process group.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === groupId) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export function signalGroup(groupId: number, signal: NodeJS.Signals, spareLeader: boolean): void {
  const targets = spareLeader ? members(groupId).filter((pid) => pid !== groupId) : [-groupId];
  for (const target of targets) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether a process with this id exists (EPERM: it does, but belongs to someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
