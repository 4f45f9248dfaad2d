/** `sluice doctor`: which of a SageMaker container's guarantees this host gives jobs, and what to install for the rest. */
import { statSync } from 'node:fs';
import { hostGuarantees, type Guarantee } from '../engine/jobs/guarantees.js';
import { resolveHome } from '../home/paths.js';
import { parseOptions, UsageError } from './options.js';

export const doctorUsage = `Usage: sluice doctor [--home DIR]

Reports which guarantees this host gives the jobs it runs (sandbox, private /opt/ml, network isolation,
memory limits, disk cap) and whether SLUICE_HOME is private, with what to install or change for the rest.
Exits 0 when every job is sandboxed, 1 when not.`;

type Writer = (text: string) => void;

/** The home's privacy, checked without changing it (the service tightens it when it starts). */
function homeGuarantee(home: string): Guarantee {
  let stats;
  try {
    stats = statSync(home);
  } catch {
    return { name: 'private SLUICE_HOME', given: true, detail: `${home} does not exist yet: it will be created 0700` };
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    return {
      name: 'private SLUICE_HOME',
      given: false,
      detail: `${home} belongs to user ${stats.uid}: the service refuses it`,
      fix: 'use a home of your own (--home or SLUICE_HOME)',
    };
  }
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return {
      name: 'private SLUICE_HOME',
      given: false,
      detail: `${home} is ${mode.toString(8)}: the service tightens it to 0700 when it starts`,
      fix: `chmod 700 ${home}`,
    };
  }
  return { name: 'private SLUICE_HOME', given: true, detail: `${home} is 0700, owned by you` };
}

export function runDoctorCommand(args: readonly string[], out: Writer, err: Writer): number {
  let options;
  try {
    options = parseOptions(args, ['home']);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`sluice doctor: ${error.message}\n\n${doctorUsage}`);
      return 2;
    }
    throw error;
  }
  if (options.flags.has('help')) {
    out(doctorUsage);
    return 0;
  }
  const guarantees = [...hostGuarantees(), homeGuarantee(resolveHome(options.values.get('home')))];
  const width = Math.max(...guarantees.map((guarantee) => guarantee.name.length));
  for (const guarantee of guarantees) {
    out(`${guarantee.given ? 'yes' : 'no '}  ${guarantee.name.padEnd(width)}  ${guarantee.detail}`);
    if (guarantee.fix !== undefined) out(`     ${''.padEnd(width)}  → ${guarantee.fix}`);
  }
  return guarantees[0]?.given === true ? 0 : 1;
}
