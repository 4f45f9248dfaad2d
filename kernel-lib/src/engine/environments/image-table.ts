/**
 * SageMaker's framework images as data: `kernel-lib/images/framework-images.json` maps an image (its ECR
 * repository and the version in its tag) to the Python packages that image holds, at versions that install
 * on this machine's Python. This module reads that file and answers "which packages stand in for this image".
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shipped table: `<kernel-lib>/images/`, the same depth from src/ and dist/. */
export const frameworkImagesFile = fileURLToPath(new URL('../../../images/framework-images.json', import.meta.url));

export interface FrameworkVersion {
  readonly packages: readonly string[];
  /** Written to the job's log: why this version differs from the image's. */
  readonly note?: string;
}

export interface Framework {
  readonly name: string;
  readonly repositories: readonly string[];
  /** The first of its groups that matched is the image's version in its tag. */
  readonly versionPattern: string;
  /** The image's built-in algorithm that runs when a job names no program (`xgboost`). */
  readonly builtin?: 'xgboost';
  readonly indexUrls?: readonly string[];
  readonly common: readonly string[];
  readonly imports: readonly string[];
  readonly versions: Readonly<Record<string, FrameworkVersion>>;
}

/** A table entry found for an image. */
export interface FrameworkImage {
  readonly framework: Framework;
  readonly repository: string;
  readonly version: string;
  /** `sagemaker-scikit-learn:1.2-1`: how logs and errors name it. */
  readonly label: string;
  readonly packages: readonly string[];
  readonly imports: readonly string[];
  readonly indexUrls: readonly string[];
  readonly note?: string;
}

/** The image's repository is in the table but not its version: the message names the nearest entries. */
export class UnknownFrameworkVersion extends Error {
  override readonly name = 'UnknownFrameworkVersion';
}

let shipped: readonly Framework[] | undefined;

export function loadFrameworkTable(file = frameworkImagesFile): readonly Framework[] {
  if (file === frameworkImagesFile && shipped !== undefined) return shipped;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { frameworks?: Framework[] };
  const frameworks = parsed.frameworks ?? [];
  if (file === frameworkImagesFile) shipped = frameworks;
  return frameworks;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` (or `<repository>:<tag>`) → its parts. */
export function parseImageUri(image: string): { repository: string; tag: string } | undefined {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const nameAndTag = withoutDigest.slice(slash + 1);
  const colon = nameAndTag.lastIndexOf(':');
  if (colon <= 0) return undefined;
  return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1) };
}

/** Versions as numbers for ordering: `1.2-1` → [1, 2, 1]. */
function versionKey(version: string): number[] {
  return version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
}

function compareVersions(a: string, b: string): number {
  const [left, right] = [versionKey(a), versionKey(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The table's versions next to `version`: the one below and the one above it. */
export function nearestVersions(framework: Framework, version: string): string[] {
  const known = Object.keys(framework.versions).sort(compareVersions);
  const above = known.findIndex((candidate) => compareVersions(candidate, version) > 0);
  if (above === -1) return known.slice(-2);
  if (above === 0) return known.slice(0, 2);
  return [known[above - 1], known[above]];
}

/**
 * The table's entry for an image; undefined when its repository is not a framework image. Throws
 * UnknownFrameworkVersion when the repository is known and its version is not.
 */
export function frameworkImageOf(image: string, frameworks: readonly Framework[] = loadFrameworkTable()): FrameworkImage | undefined {
  const parsed = parseImageUri(image);
  if (parsed === undefined) return undefined;
  const framework = frameworks.find((candidate) => candidate.repositories.includes(parsed.repository));
  if (framework === undefined) return undefined;
  const version = new RegExp(framework.versionPattern)
    .exec(parsed.tag)
    ?.slice(1)
    .find((group) => group !== undefined);
  const entry = version === undefined ? undefined : framework.versions[version];
  if (version === undefined || entry === undefined) {
    const nearest = nearestVersions(framework, version ?? parsed.tag);
    throw new UnknownFrameworkVersion(
      `${parsed.repository}:${parsed.tag}: no ${framework.name} ${version ?? parsed.tag} in Sluice's table of framework images; the nearest are ${nearest.join(' and ')} (all: ${Object.keys(framework.versions).sort(compareVersions).join(', ')}). Use one of them, or map the image to an environment in SLUICE_HOME/images.json`,
    );
  }
  const names = new Set(entry.packages.map(packageName));
  return {
    framework,
    repository: parsed.repository,
    version,
    label: `${parsed.repository}:${version}`,
    // An entry's own pin wins over the framework's unpinned common package of the same name.
    packages: [...entry.packages, ...framework.common.filter((requirement) => !names.has(packageName(requirement)))],
    imports: framework.imports,
    indexUrls: framework.indexUrls ?? [],
    note: entry.note,
  };
}

/** `scikit-learn==1.2.*` → `scikit-learn`. */
export function packageName(requirement: string): string {
  return (/^[A-Za-z0-9._-]+/.exec(requirement.trim())?.[0] ?? requirement).toLowerCase().replace(/_/g, '-');
}
