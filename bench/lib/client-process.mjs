// @ts-check
// Benchmarks that load the service from another process, as real clients do, start that process the same way.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs `script` (node -e) in kernel-lib, where @aws-sdk/client-sagemaker resolves, with the service's endpoint and
 * keys in ENDPOINT, REGION, KEY and SECRET (and `env`); resolves with what it printed, rejects when it fails.
 * @param {string} script @param {{ endpoint: string, credentials: { region: string, accessKeyId: string, secretAccessKey: string } }} service
 * @param {Record<string, string>} [env] @param {string[]} [nodeArgs]
 * @returns {Promise<string>}
 */
export function runClientProcess(script, service, env = {}, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    let text = '';
    const child = spawn(process.execPath, [...nodeArgs, '-e', script], {
      cwd: join(import.meta.dirname, '..', '..', 'kernel-lib'),
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ENDPOINT: service.endpoint,
        REGION: service.credentials.region,
        KEY: service.credentials.accessKeyId,
        SECRET: service.credentials.secretAccessKey,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk) => (text += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(text.trim()) : reject(new Error(`the client process exited ${code}`))));
  });
}
