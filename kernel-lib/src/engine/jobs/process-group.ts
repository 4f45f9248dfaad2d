/**
 * Signals to a job's process group. A sandboxed job's group is led by bwrap, which dies on SIGTERM and takes
 * the sandbox with it; so SIGTERM goes to every other member (the job may shut down in its grace period, as
 * on SageMaker) and bwrap ends when the job does. SIGKILL goes to the whole group.
 */
import { groupMembers } from '../../os/processes.js';

export function signalGroup(groupId: number, signal: NodeJS.Signals, spareLeader: boolean): void {
  const targets = spareLeader ? groupMembers(groupId).filter((pid) => pid !== groupId) : [-groupId];
  for (const target of targets) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}
