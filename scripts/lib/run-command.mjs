// @ts-check
// Runs a set-up command with its output shown, and a heartbeat while it is silent, so long
// downloads and builds never look hung.
import { spawn } from 'node:child_process';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, indent?: string, filter?: (line: string) => string | undefined }} [options]
 *   filter: what to show of an output line (undefined hides it)
 * @returns {Promise<void>} rejects with the command line and exit status on failure
 */
export function runCommand(command, args, options = {}) {
  const indent = options.indent ?? '    ';
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let lastOutput = Date.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    /** @param {Buffer} chunk */
    const show = (chunk) => {
      lastOutput = Date.now();
      const text = chunk.toString().replace(/\r/g, '\n');
      for (const line of text.split('\n')) {
        const shown = line.trim() && options.filter ? options.filter(line) : line;
        if (shown?.trim()) process.stdout.write(`${indent}${shown}\n`);
      }
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutput >= 10000) {
        process.stdout.write(`${indent}… still working (${Math.round((Date.now() - started) / 1000)} s)\n`);
        lastOutput = Date.now();
      }
    }, 1000);
    child.once('error', (error) => {
      clearInterval(heartbeat);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new Error(`\`${[command, ...args].join(' ')}\` failed (${signal ?? `exit ${code}`})`));
    });
  });
}
