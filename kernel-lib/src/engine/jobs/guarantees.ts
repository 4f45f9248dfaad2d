/** What this host lets the engine promise about a job, and what to install or change where it cannot. */
import { canMountPrivateOptMl } from './launch.js';
import { memoryLimitSupport } from './memory-limit.js';
import { sandboxSupport } from './sandbox.js';

export interface Guarantee {
  readonly name: string;
  readonly given: boolean;
  /** How it is given, or what happens instead. */
  readonly detail: string;
  /** What to do where it is not given. */
  readonly fix?: string;
}

export function hostGuarantees(): Guarantee[] {
  const sandbox = sandboxSupport();
  const memory = memoryLimitSupport();
  const privateOptMl = sandbox.available || canMountPrivateOptMl();
  const reason = sandbox.reason ?? '';
  const missingSandbox = reason.startsWith('SLUICE_SANDBOX=off')
    ? 'unset SLUICE_SANDBOX'
    : reason.startsWith('bubblewrap is not installed')
      ? 'install bubblewrap (apt-get install bubblewrap; dnf install bubblewrap)'
      : reason.includes('/opt/ml')
        ? 'mkdir -p /opt/ml once as root'
        : 'allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0), or run the service as root';
  return [
    {
      name: 'sandbox',
      given: sandbox.available,
      detail: sandbox.available
        ? 'bubblewrap: jobs see the host read-only under a root of their own, a private /tmp, no SLUICE_HOME, no other jobs, no home'
        : `${sandbox.reason ?? 'no sandbox'}: jobs run as the service's user and can write what it can`,
      fix: sandbox.available ? undefined : missingSandbox,
    },
    {
      name: 'private /opt/ml',
      given: privateOptMl,
      detail: sandbox.available
        ? 'bound by the sandbox'
        : privateOptMl
          ? 'a mount namespace (unshare) as root'
          : '/opt/ml paths in commands and the environment are mapped to the job folder',
      fix: privateOptMl ? undefined : missingSandbox,
    },
    {
      name: 'network isolation',
      given: sandbox.networkIsolation,
      detail: sandbox.networkIsolation
        ? 'EnableNetworkIsolation gives a job no network at all'
        : 'EnableNetworkIsolation is noted in the job log but the job keeps the network',
      fix: sandbox.networkIsolation ? undefined : sandbox.available ? 'a kernel that lets bubblewrap create network namespaces' : missingSandbox,
    },
    {
      name: 'memory limits',
      given: sandbox.available && memory.available,
      detail:
        sandbox.available && memory.available
          ? `the instance type's memory, ${memory.how}; a job past it fails with OutOfMemoryError`
          : `jobs may use all of the machine's memory (${sandbox.available ? memory.how : 'no sandbox'})`,
      fix:
        sandbox.available && memory.available
          ? undefined
          : sandbox.available
            ? 'cgroup v2 with the memory controller delegated to this user (systemd-run --user --scope -p Delegate=yes), or run the service as root'
            : missingSandbox,
    },
    {
      name: 'disk cap',
      given: false,
      detail: sandbox.available
        ? 'partly: VolumeSizeInGB caps what a job writes to / and /tmp (tmpfs); /opt/ml is a host folder and is not capped'
        : 'VolumeSizeInGB is not enforced: jobs write to the host',
      fix: sandbox.available ? 'a cap on /opt/ml would need a filesystem quota on SLUICE_HOME (not done)' : missingSandbox,
    },
  ];
}
