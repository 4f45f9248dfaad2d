// @ts-check
// The layers of kernel-lib/src, as data: which folder may not import which, and the one function that judges
// an import. `npm run lint` enforces them (the ESLint rule sluice/layers, eslint.config.mjs), and so does
// test/architecture/layers.test.ts.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** Every layer is a folder under kernel-lib/src; `node` stands for Node's built-in modules (`node:*`). */
export const layers = ['definition', 'sdk', 'session', 'notebook', 'home', 'service', 'engine', 'store', 'projects', 'crypto', 'os', 'cli'];

/**
 * @typedef {object} LayerRule
 * @property {string} name      how a violation is reported
 * @property {string} from      the importing layer
 * @property {string[]} disallow layers (or `node`) it may not import
 * @property {string} because   why, in a line
 * @property {{ file?: string, imports: string[], because: string }[]} [except]  imports allowed anyway (paths under kernel-lib/src), to one file or the whole layer
 */

/** @type {LayerRule[]} */
export const layerRules = [
  {
    name: 'definition-stands-alone',
    from: 'definition',
    disallow: ['node', 'sdk', 'session', 'notebook', 'home', 'service', 'engine', 'store', 'projects', 'crypto', 'os', 'cli'],
    because: 'the definition core runs in the browser too and is what every other layer builds on',
  },
  // Not session: Pipeline's upsert/start/runSteps are the Python SDK's facade over session actions, and session
  // imports the SDK for types only, so nothing runs in a circle.
  {
    name: 'sdk-below-notebook-and-service',
    from: 'sdk',
    disallow: ['notebook', 'home', 'service', 'engine', 'store', 'projects', 'cli'],
    because: 'the SDK builds definitions; running and showing them belongs to session and notebook',
  },
  {
    name: 'session-talks-to-the-service-over-the-wire',
    from: 'session',
    disallow: ['notebook', 'service', 'engine', 'store', 'projects', 'cli'],
    because: 'a session reaches the service over HTTP; what both need about a home lives in home/',
    except: [{ imports: ['service/protocol.ts'], because: 'the protocol is types only: the shapes both ends of the wire agree on' }],
  },
  {
    name: 'notebook-shows-sessions',
    from: 'notebook',
    disallow: ['home', 'service', 'store', 'projects', 'cli'],
    because: 'the notebook renders what a session returns; it never opens the service or the store',
    except: [{ imports: ['service/protocol.ts'], because: 'the protocol is types only: the shapes both ends of the wire agree on' }],
  },
  {
    name: 'home-below-session-and-service',
    from: 'home',
    disallow: ['definition', 'sdk', 'session', 'notebook', 'service', 'engine', 'store', 'projects', 'cli'],
    because: 'credentials, paths and discovery of a running service are shared by session and service',
  },
  {
    name: 'service-uses-engine-not-sdk',
    from: 'service',
    disallow: ['sdk', 'session', 'notebook', 'cli'],
    because: 'the service serves requests through the engine and the store; it must not pull the SDK',
    except: [
      {
        file: 'service/definition-check.ts',
        imports: ['sdk/json.ts', 'sdk/validation.ts'],
        because: 'the definition checks are pure JSON rules that still live in sdk/; nothing of Pipeline or session comes with them',
      },
    ],
  },
  {
    name: 'engine-knows-no-http',
    from: 'engine',
    disallow: ['sdk', 'session', 'notebook', 'home', 'service', 'projects', 'cli'],
    because: 'the engine talks to the world through the ports in EngineServices',
  },
  {
    name: 'os-is-a-leaf',
    from: 'os',
    disallow: ['definition', 'sdk', 'session', 'notebook', 'home', 'service', 'engine', 'store', 'projects', 'crypto', 'cli'],
    because: 'what the operating system says about processes is read by home, service and engine alike, and needs none of them',
  },
  {
    name: 'store-knows-no-steps',
    from: 'store',
    disallow: ['definition', 'sdk', 'session', 'notebook', 'home', 'service', 'engine', 'projects', 'cli'],
    because: 'the store keeps records; what steps mean is the engine’s business',
  },
];

/**
 * @typedef {object} LayerViolation
 * @property {string} rule
 * @property {string} file       relative to the source root, with `/`
 * @property {string} specifier
 * @property {string} message
 */

const builtins = new Set(builtinModules);

/**
 * The top folder of `path` under `root` (its layer), or undefined outside the root or at its top.
 * @param {string} root
 * @param {string} path
 */
function topFolder(root, path) {
  const parts = relative(root, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/**
 * The violations of one import: `file` (absolute) under `root` imports `specifier`. Relative imports are
 * judged by the folder they land in, `node:*` and built-ins as the layer `node`, packages never.
 * @param {string} root
 * @param {string} file
 * @param {string} specifier
 * @param {readonly LayerRule[]} [rules]
 * @returns {LayerViolation | undefined}
 */
export function layerViolation(root, file, specifier, rules = layerRules) {
  const from = topFolder(root, file);
  const target =
    specifier.startsWith('node:') || builtins.has(specifier)
      ? 'node'
      : specifier.startsWith('.')
        ? topFolder(root, resolve(dirname(file), specifier))
        : undefined;
  if (from === undefined || target === undefined || target === from) return undefined;
  const name = relative(root, file).split(sep).join('/');
  // A relative import names the .ts file it compiles from as .js.
  const targetPath = relative(root, resolve(dirname(file), specifier))
    .split(sep)
    .join('/')
    .replace(/\.js$/, '.ts');
  const broken = rules.find(
    (rule) =>
      rule.from === from &&
      rule.disallow.includes(target) &&
      !(rule.except ?? []).some((exception) => (exception.file === undefined || exception.file === name) && exception.imports.includes(targetPath)),
  );
  if (broken === undefined) return undefined;
  return {
    rule: broken.name,
    file: name,
    specifier,
    message: `${name} imports ${specifier}: ${broken.name} (${broken.from} may not import ${target}: ${broken.because})`,
  };
}
