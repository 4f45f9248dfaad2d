// What kernel-lib reads about processes (kernel-lib/src/os/processes.ts): the service's lock, its state file, the
// sandbox's and environments' holders and a job's process group all ask it, with real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { groupMembers, isAlive } from '../../kernel-lib/src/os/processes.js';

// Each shell leads a group of its own, so that the test ends every process it started, grandchildren too.
const groups: number[] = [];
afterAll(() => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function sleeper(script: string): ChildProcess {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  groups.push(child.pid!);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return chunk.toString('utf8').trim();
}

describe('isAlive', () => {
  it('knows this process, a running child, and an id nobody has', () => {
    expect(isAlive(process.pid)).toBe(true);
    const child = sleeper('sleep 30');
    expect(isAlive(child.pid!)).toBe(true);
    // Linux's pid_max is at most 2^22: a larger id never names a process.
    expect(isAlive(2 ** 22 + 1)).toBe(false);
  });

  it("counts someone else's process (EPERM) as alive", () => {
    // pid 1 always lives; as root the signal is allowed, as anyone else it answers EPERM.
    expect(isAlive(1)).toBe(true);
  });

  it('does not count a child that exited but was not reaped (a zombie)', async () => {
    // The shell starts a grandchild, prints its id and waits without reaping it: the grandchild exits at once and
    // stays a zombie while its parent sleeps.
    const child = sleeper('sh -c "exit 0" & echo $!; exec sleep 30');
    const zombie = Number(await firstLine(child));
    const deadline = Date.now() + 5000;
    while (isAlive(zombie) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isAlive(zombie)).toBe(false);
    // Signal 0 still reaches it: that alone would have called it alive.
    expect(() => process.kill(zombie, 0)).not.toThrow();
  });
});

describe('groupMembers', () => {
  it("lists a detached group's leader and its children, and nothing of other groups", async () => {
    const leader = sleeper('sleep 30 & echo $!; wait');
    const grandchild = Number(await firstLine(leader));
    const members = groupMembers(leader.pid!);
    expect(members.sort()).toEqual([leader.pid!, grandchild].sort());
    expect(members).not.toContain(process.pid);
  });
});
