/**
 * Installs run code from the packages they install (setup.py, build back-ends), and a job's own requirements.txt
 * names any package it likes: so environment creation runs in the job sandbox, with the network (it fetches from
 * the package index) and only the environment being made, the installers' caches and the job's overlay writable.
 */
import type { SandboxPolicy } from '../jobs/launch.js';
import { runtimeRoots, sandboxedCommand } from '../jobs/sandbox.js';
import type { Confine } from './installer.js';

export function sandboxedInstalls(policy: SandboxPolicy | undefined): Confine {
  return (argv, writable) =>
    sandboxedCommand(argv, {
      hide: policy?.hide ?? [],
      readOnly: [...(policy?.readOnly ?? []), ...runtimeRoots(argv[0] ?? '')],
      writable: [...(policy?.writable ?? []), ...writable],
      network: true,
    }).argv;
}
