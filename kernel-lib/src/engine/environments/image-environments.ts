/**
 * Which Python a job on an image runs with: the user's images.json entry, else the framework table's
 * environment for the image (created on first use), else the project's interpreters. Runners ask this
 * once per job and pass `{ ...runtimes, python }` to the job.
 */
import { isUserRule, ruleForImage, type ImageRule } from '../runtimes.js';
import type { Runtimes } from '../jobs/host-process.js';
import { EnvironmentCreationError, type EnvironmentSpec, type EnvironmentStore } from './environment-store.js';
import { frameworkImageOf, loadFrameworkTable, UnknownFrameworkVersion, type Framework } from './image-table.js';

export interface JobRuntime {
  readonly runtimes: Runtimes;
  /** Added to the job's environment: the environment's bin/ first on PATH, so `pip` and `python` are its own. */
  readonly env: Readonly<Record<string, string>>;
  /** The image's built-in algorithm, when it has one and the job names no program. */
  readonly builtin?: 'xgboost';
  /** The environment's folder, when one was prepared. */
  readonly environmentDir?: string;
}

/** Why an image has no runtime here: the message names the image and the fix. */
export class ImageRuntimeError extends Error {
  override readonly name = 'ImageRuntimeError';
}

export class ImageEnvironments {
  constructor(
    readonly store: EnvironmentStore,
    private readonly rules: readonly ImageRule[],
    private readonly frameworks: readonly Framework[] = loadFrameworkTable(),
  ) {}

  /** The environment spec that stands in for an image, or undefined when the project's interpreters do. */
  specFor(image: string): { spec?: EnvironmentSpec; python?: string; note?: string; builtin?: 'xgboost' } {
    const rule = ruleForImage(image, this.rules);
    const user = rule !== undefined && isUserRule(rule) ? rule : undefined;
    let framework;
    try {
      framework = frameworkImageOf(image, this.frameworks);
    } catch (error) {
      // A user's entry for the image makes the table's gaps irrelevant.
      if (!(error instanceof UnknownFrameworkVersion) || user === undefined) throw error;
    }
    const builtin = framework?.framework.builtin;
    if (user?.environment?.kind === 'interpreter') return { python: user.environment.python, builtin };
    if (user?.environment?.kind === 'requirements') {
      const { requirements, imports, indexUrls } = user.environment;
      return { spec: { label: `${image} (images.json ${user.pattern.source})`, packages: requirements, imports, indexUrls }, builtin };
    }
    if (user !== undefined || framework === undefined) return { builtin };
    return {
      spec: { label: framework.label, packages: framework.packages, imports: framework.imports, indexUrls: framework.indexUrls },
      note: framework.note,
      builtin,
    };
  }

  /** Prepares the image's environment (once) and says which interpreters the job runs with. */
  async runtimeFor(image: string, base: Runtimes, log: (line: string) => void): Promise<JobRuntime> {
    const chosen = this.chosen(image);
    if (chosen.note !== undefined) log(`${image}: ${chosen.note}`);
    if (chosen.python !== undefined) {
      log(`${image} runs with ${chosen.python} (SLUICE_HOME/images.json)`);
      return { runtimes: { ...base, python: chosen.python }, env: {}, builtin: chosen.builtin };
    }
    if (chosen.spec === undefined) return { runtimes: base, env: {}, builtin: chosen.builtin };
    return this.prepare(chosen.spec, base, log, chosen.builtin);
  }

  /**
   * The image's environment with more packages installed on top (`extra.label` says what they are), as a `pip
   * install` in the image would: made once for each set, beside the image's own. An image without an environment
   * (the project's interpreters run it) gets the packages alone.
   */
  async runtimeWith(image: string, extra: { label: string; packages: readonly string[] }, base: Runtimes, log: (line: string) => void): Promise<JobRuntime> {
    const chosen = this.chosen(image);
    if (chosen.python !== undefined) {
      throw new ImageRuntimeError(
        `${image} runs with ${chosen.python} (SLUICE_HOME/images.json), where ${extra.label} cannot be installed: map the image to "requirements" instead`,
      );
    }
    if (chosen.note !== undefined) log(`${image}: ${chosen.note}`);
    const spec: EnvironmentSpec =
      chosen.spec === undefined
        ? { label: `${image} with ${extra.label}`, packages: extra.packages, imports: [], indexUrls: [] }
        : { ...chosen.spec, label: `${chosen.spec.label} with ${extra.label}`, then: extra.packages };
    return this.prepare(spec, base, log);
  }

  private chosen(image: string): ReturnType<ImageEnvironments['specFor']> {
    try {
      return this.specFor(image);
    } catch (error) {
      throw new ImageRuntimeError(error instanceof Error ? error.message : String(error));
    }
  }

  private async prepare(spec: EnvironmentSpec, base: Runtimes, log: (line: string) => void, builtin?: 'xgboost'): Promise<JobRuntime> {
    try {
      const prepared = await this.store.ensure(spec, log);
      if (!prepared.created) log(`environment for ${spec.label}: ${prepared.dir}`);
      return {
        runtimes: { ...base, python: prepared.python },
        env: { PATH: `${prepared.bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, VIRTUAL_ENV: prepared.dir },
        builtin,
        environmentDir: prepared.dir,
      };
    } catch (error) {
      if (error instanceof EnvironmentCreationError) throw new ImageRuntimeError(error.message);
      throw error;
    }
  }
}
