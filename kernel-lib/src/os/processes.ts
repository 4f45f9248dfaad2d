/**
 * What Linux says about a process, read in one place: whether it lives, and which processes share its group.
 * `/proc/PID/stat` holds the command's name in parentheses (it may hold spaces and parentheses), then the state,
 * the parent's id and the process group.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat after the command's name (state, parent, group, …); undefined once it is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * Whether a process with this id lives. Signal 0 answers EPERM for someone else's process (it lives), and reaches
 * a zombie too: a process that died and was not yet reaped by its parent is not alive.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return statFields(pid)?.[0] !== 'Z';
}

/** The ids of the processes in group `groupId` (its leader among them while it lives). */
export function groupMembers(groupId: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields !== undefined && Number(fields[2]) === groupId) pids.push(Number(entry));
  }
  return pids;
}
