import { version } from "../version.js";

const usage = `Usage: sluice <command>

Commands:
  version     print the installed sluice version

Options:
  --version   print the installed sluice version
  --help      print this help`;

/** Runs the CLI with the given arguments, writing to `out`; returns the process exit code. */
export function runCli(args: readonly string[], out: (text: string) => void): number {
  const [command] = args;
  if (command === undefined) {
    out(usage);
    return 1;
  }
  if (command === "--help" || command === "help") {
    out(usage);
    return 0;
  }
  if (command === "--version" || command === "version") {
    out(version);
    return 0;
  }
  out(`sluice: unknown command "${command}"\n\n${usage}`);
  return 2;
}
