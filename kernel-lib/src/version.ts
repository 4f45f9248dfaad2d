import { readFileSync } from 'node:fs';

interface PackageManifest {
  version: string;
}

// Read from the manifest so a release bump cannot leave a stale constant behind.
const manifestUrl = new URL('../package.json', import.meta.url);
const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as PackageManifest;

/** The version of the `sluice` package that this kernel has loaded. */
export const version: string = manifest.version;
