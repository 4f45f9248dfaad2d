// @ts-check
// Process-tree bookkeeping, so stopping a server leaves no orphans (kernels run in sessions of their own).
import { readFileSync, readdirSync } from 'node:fs';

/**
 * @param {number | string} pid
 * @returns {string[] | undefined} the fields of /proc/PID/stat after the command name (which may hold spaces): state,
 *   ppid, pgrp, …; undefined when the process is gone
 */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** @param {number} pid @returns {boolean} whether the process exists and is not a zombie */
export function isAlive(pid) {
  const fields = statFields(pid);
  return fields !== undefined && fields[0] !== 'Z';
}

/** @param {number} pid @returns {number | undefined} the process group of pid, or undefined when it is gone */
export function processGroup(pid) {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields[2]);
}

/** @param {number} rootPid @returns {number[]} the pids of every living descendant of rootPid */
export function descendants(rootPid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields === undefined) continue;
    const ppid = Number(fields[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = /** @type {number} */ (queue.shift());
    for (const child of children.get(pid) ?? []) {
      if (isAlive(child)) found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** @param {number} pid @param {NodeJS.Signals} signal */
export function signal(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** @param {() => boolean} condition @param {number} timeoutMs @returns {Promise<boolean>} */
export async function waitFor(condition, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  return condition();
}
