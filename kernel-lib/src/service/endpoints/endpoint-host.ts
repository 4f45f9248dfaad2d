/**
 * Runs the service's endpoints: each variant's model as long-lived processes under SageMaker's serving
 * contract (see ModelServer), health-checked before the endpoint is InService. An update starts the new
 * processes, checks them, switches traffic, then stops the old ones once their requests are answered. A
 * process that dies is started again while DescribeEndpoint says so. Every state change goes to the store.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { ModelServer, ModelServingError, type ArtifactStore, type ImageEnvironments, type Runtimes } from '../../engine/index.js';
import type { EndpointChange, Store } from '../../store/index.js';
import { parseDeployed, parsePending, type DeployedVariant } from './deployment.js';

export interface EndpointHostOptions {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly jobsDir: string;
  readonly runtimes: Runtimes;
  /** Per-image Python environments for the models' programs. */
  readonly environments?: ImageEnvironments;
  readonly now: () => number;
  /** The account in error messages, as SageMaker Runtime names it. */
  readonly account: string;
  /** How long a model may take to answer its first /ping. */
  readonly healthTimeoutMs?: number;
  /** Restarts of one variant's processes within restartWindowMs before the endpoint is given up as Failed. */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
}

/** One model process of a variant, and the requests it is answering. */
export interface ModelInstance {
  readonly server: ModelServer;
  readonly agent: Agent;
  inFlight: number;
  /** Set once its process ended or it was taken out of service. */
  retired: boolean;
  readonly drained: (() => void)[];
}

interface LiveVariant {
  readonly spec: DeployedVariant;
  readonly instances: ModelInstance[];
  /** Round-robin position. */
  next: number;
  /** Requests waiting for a process while one is being restarted. */
  readonly waiting: ((instance: ModelInstance | undefined) => void)[];
  restarts: number[];
}

interface LiveEndpoint {
  readonly name: string;
  variants: LiveVariant[];
  /** The deployment in progress (create or update), which DeleteEndpoint cancels. */
  transition: { readonly abort: AbortController; readonly done: Promise<void> } | undefined;
  /** Aborted when the endpoint is deleted or the service closes: ends processes still starting. */
  readonly lifetime: AbortController;
  /** Processes started but not yet serving (recorded too, so a crash leaves none unknown). */
  readonly starting: Set<number>;
  deleting: boolean;
}

const newEntry = (name: string): LiveEndpoint => ({
  name: key(name),
  variants: [],
  transition: undefined,
  lifetime: new AbortController(),
  starting: new Set(),
  deleting: false,
});

/** Why a request found no process to answer it; the data plane turns it into SageMaker Runtime's error. */
export class NoInstance extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-serving' | 'no-variant' | 'restarting',
    message: string,
  ) {
    super(message);
  }
}

const maxInstancesPerVariant = 4;
const waitForRestartMs = 30000;
const iso = (ms: number): string => new Date(ms).toISOString();

export class EndpointHost {
  private readonly live = new Map<string, LiveEndpoint>();
  /** Work that ends processes (deletions, retirements), which close() waits for. */
  private readonly ending = new Set<Promise<unknown>>();
  private closing = false;
  private readonly healthTimeoutMs: number;
  private readonly maxRestarts: number;
  private readonly restartWindowMs: number;

  constructor(private readonly options: EndpointHostOptions) {
    this.healthTimeoutMs = options.healthTimeoutMs ?? 60000;
    this.maxRestarts = options.maxRestarts ?? 5;
    this.restartWindowMs = options.restartWindowMs ?? 5 * 60 * 1000;
  }

  static readonly maxInstancesPerVariant = maxInstancesPerVariant;

  /** Deploys a new endpoint's pending deployment in the background (its row is Creating). */
  create(name: string): void {
    const entry = newEntry(name);
    this.live.set(key(name), entry);
    this.runTransition(entry, (signal) => this.deployFirst(entry, signal));
  }

  /** Deploys an endpoint's pending update in the background (its row is Updating), switching traffic when it is healthy. */
  update(name: string): void {
    const entry = this.live.get(key(name));
    if (entry === undefined) throw new Error(`endpoint ${name} is not running here`);
    this.runTransition(entry, (signal) => this.deployUpdate(entry, signal));
  }

  /** Stops serving and forgets the endpoint (its row is Deleting); an unfinished deployment is cancelled. */
  delete(name: string): void {
    const entry = this.live.get(key(name)) ?? newEntry(name);
    this.live.set(key(name), entry);
    entry.deleting = true;
    entry.lifetime.abort();
    const previous = entry.transition;
    previous?.abort.abort();
    this.track(async () => {
      await previous?.done;
      const variants = entry.variants;
      entry.variants = [];
      for (const variant of variants) this.failWaiting(variant);
      await Promise.all(variants.flatMap((variant) => variant.instances.map((instance) => this.retire(instance))));
      if (this.closing) return;
      this.options.store.endpoints.deleteEndpoint(name);
      this.live.delete(key(name));
    });
  }

  /** Serves again what a previous service served; ends the model processes it may have left behind. */
  resume(): void {
    const store = this.options.store.endpoints;
    for (const record of store.allEndpoints()) {
      for (const pid of JSON.parse(record.processes) as number[]) killIfModelProcess(pid, this.options.jobsDir);
      store.updateEndpoint(record.name, { processes: '[]' }, this.options.now(), false);
      if (record.status === 'Deleting') {
        store.deleteEndpoint(record.name);
        continue;
      }
      const deployed = parseDeployed(record.deployed);
      if (record.status === 'Creating' && record.pending !== null) {
        this.create(record.name);
        continue;
      }
      if (deployed === undefined || record.status === 'Failed' || record.status === 'OutOfService') continue;
      const interrupted = record.status === 'Updating' ? parsePending(record.pending) : undefined;
      const change: EndpointChange = { status: 'SystemUpdating', pending: null };
      if (interrupted !== undefined) {
        change.failureReason = `The update to endpoint configuration ${interrupted.EndpointConfigName} was interrupted when the service stopped; the endpoint serves ${record.configName}`;
      }
      store.updateEndpoint(record.name, change, this.options.now());
      const entry = newEntry(record.name);
      this.live.set(key(record.name), entry);
      this.runTransition(entry, async (signal) => {
        try {
          entry.variants = await this.startVariants(record.name, deployed, signal);
          this.options.store.endpoints.updateEndpoint(record.name, { status: 'InService' }, this.options.now());
        } catch (error) {
          this.options.store.endpoints.updateEndpoint(record.name, { status: 'Failed', failureReason: reasonOf(error) }, this.options.now());
        }
        this.recordProcesses(record.name);
      });
    }
  }

  /** Ends every model process without changing what the store says, so the next service serves them again. */
  async close(): Promise<void> {
    this.closing = true;
    const entries = [...this.live.values()];
    for (const entry of entries) {
      entry.transition?.abort.abort();
      entry.lifetime.abort();
    }
    await Promise.all(entries.map((entry) => entry.transition?.done));
    await Promise.all(entries.flatMap((entry) => entry.variants.flatMap((variant) => variant.instances.map((instance) => this.retire(instance)))));
    while (this.ending.size > 0) await Promise.all([...this.ending]);
    this.live.clear();
  }

  private track(work: () => Promise<void>): void {
    const done: Promise<void> = work()
      .catch(() => undefined)
      .finally(() => this.ending.delete(done));
    this.ending.add(done);
  }

  /** Live instance counts per variant, for DescribeEndpoint's CurrentInstanceCount. */
  instanceCounts(name: string): Map<string, number> | undefined {
    const entry = this.live.get(key(name));
    if (entry === undefined) return undefined;
    return new Map(entry.variants.map((variant) => [variant.spec.VariantName, variant.instances.filter((instance) => !instance.retired).length]));
  }

  /**
   * A process to answer one request, its in-flight count already taken (give it back with `release`).
   * Traffic is split by variant weight unless `targetVariant` names one; a variant whose process is
   * being restarted makes the request wait for it.
   */
  async acquire(name: string, targetVariant: string | undefined): Promise<{ variant: string; instance: ModelInstance }> {
    const entry = this.live.get(key(name));
    if (entry === undefined || entry.deleting || entry.variants.length === 0) throw this.notServing(name);
    const variant = targetVariant === undefined ? pickByWeight(entry.variants) : entry.variants.find((v) => v.spec.VariantName === targetVariant);
    if (variant === undefined) {
      throw new NoInstance(
        'no-variant',
        `Endpoint ${name} has no variant ${targetVariant}; its variants: ${entry.variants.map((v) => v.spec.VariantName).join(', ')}`,
      );
    }
    const instance = takeInstance(variant) ?? (await this.waitForInstance(variant, name));
    return { variant: variant.spec.VariantName, instance };
  }

  /** Read from the store only off the hot path: why an endpoint has nothing to serve with. */
  private notServing(name: string): NoInstance {
    const record = this.options.store.endpoints.endpoint(name);
    if (record === undefined) return new NoInstance('not-found', `Endpoint ${name} of account ${this.options.account} not found.`);
    const reason = record.failureReason === null ? '' : `: ${record.failureReason}`;
    return new NoInstance('not-serving', `Endpoint ${record.name} is ${record.status}, not InService${reason}`);
  }

  release(instance: ModelInstance): void {
    instance.inFlight -= 1;
    if (instance.inFlight === 0) for (const resolve of instance.drained.splice(0)) resolve();
  }

  private waitForInstance(variant: LiveVariant, endpointName: string): Promise<ModelInstance> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = variant.waiting.indexOf(answer);
        if (index >= 0) variant.waiting.splice(index, 1);
        reject(
          new NoInstance(
            'restarting',
            `Endpoint ${endpointName}: variant ${variant.spec.VariantName} has no running model process (it is being restarted); try again`,
          ),
        );
      }, waitForRestartMs);
      const answer = (instance: ModelInstance | undefined) => {
        clearTimeout(timer);
        if (instance === undefined) {
          reject(new NoInstance('not-serving', `Endpoint ${endpointName} stopped serving variant ${variant.spec.VariantName}`));
          return;
        }
        instance.inFlight += 1;
        resolve(instance);
      };
      variant.waiting.push(answer);
    });
  }

  private failWaiting(variant: LiveVariant): void {
    for (const answer of variant.waiting.splice(0)) answer(undefined);
  }

  private runTransition(entry: LiveEndpoint, work: (signal: AbortSignal) => Promise<void>): void {
    const abort = new AbortController();
    const done = work(abort.signal)
      .catch(() => undefined)
      .finally(() => {
        if (entry.transition?.abort === abort) entry.transition = undefined;
      });
    entry.transition = { abort, done };
  }

  private async deployFirst(entry: LiveEndpoint, signal: AbortSignal): Promise<void> {
    const store = this.options.store.endpoints;
    const record = store.endpoint(entry.name);
    const pending = parsePending(record?.pending ?? null);
    if (record === undefined || pending === undefined) return;
    try {
      const variants = await this.startVariants(record.name, pending.Variants, signal);
      if (signal.aborted || entry.deleting) {
        await Promise.all(variants.flatMap((variant) => variant.instances.map((instance) => this.retire(instance))));
        return;
      }
      entry.variants = variants;
      store.updateEndpoint(
        record.name,
        { status: 'InService', deployed: JSON.stringify(pending.Variants), pending: null, failureReason: null },
        this.options.now(),
      );
    } catch (error) {
      if (signal.aborted || entry.deleting) return;
      store.updateEndpoint(record.name, { status: 'Failed', pending: null, failureReason: reasonOf(error) }, this.options.now());
    } finally {
      this.recordProcesses(record.name);
    }
  }

  private async deployUpdate(entry: LiveEndpoint, signal: AbortSignal): Promise<void> {
    const store = this.options.store.endpoints;
    const record = store.endpoint(entry.name);
    const pending = parsePending(record?.pending ?? null);
    if (record === undefined || pending === undefined) return;
    let started: LiveVariant[];
    try {
      started = await this.startVariants(record.name, pending.Variants, signal);
    } catch (error) {
      if (signal.aborted || entry.deleting) return;
      // As SageMaker: a failed update leaves the endpoint serving what it served, and says why.
      store.updateEndpoint(
        record.name,
        {
          status: 'InService',
          pending: null,
          failureReason: `The update to endpoint configuration ${pending.EndpointConfigName} failed, so the endpoint still serves ${record.configName}: ${reasonOf(error)}`,
        },
        this.options.now(),
      );
      this.recordProcesses(record.name);
      return;
    }
    if (signal.aborted || entry.deleting) {
      await Promise.all(started.flatMap((variant) => variant.instances.map((instance) => this.retire(instance))));
      return;
    }
    // The switch: requests from here on go to the new processes; those already sent finish on the old.
    const previous = entry.variants;
    entry.variants = started;
    store.updateEndpoint(
      record.name,
      { status: 'InService', configName: pending.EndpointConfigName, deployed: JSON.stringify(pending.Variants), pending: null, failureReason: null },
      this.options.now(),
    );
    for (const variant of previous) {
      // Waiting requests of a variant that lives on go to its new processes; others to any new variant.
      const successor = started.find((v) => v.spec.VariantName === variant.spec.VariantName) ?? started[0]!;
      const instance = successor.instances.find((i) => !i.retired);
      for (const answer of variant.waiting.splice(0)) {
        if (instance !== undefined) answer(instance);
        else successor.waiting.push(answer);
      }
    }
    await Promise.all(previous.flatMap((variant) => variant.instances.map((instance) => this.retire(instance))));
    this.recordProcesses(record.name);
  }

  /** Starts every instance of every variant and waits for their /ping; on any failure, ends those started. */
  private async startVariants(endpointName: string, specs: readonly DeployedVariant[], signal: AbortSignal): Promise<LiveVariant[]> {
    const variants: LiveVariant[] = specs.map((spec) => ({ spec, instances: [], next: 0, waiting: [], restarts: [] }));
    try {
      await Promise.all(
        variants.flatMap((variant) =>
          Array.from({ length: Math.min(variant.spec.InitialInstanceCount, maxInstancesPerVariant) }, async () => {
            variant.instances.push(await this.startInstance(endpointName, variant, signal));
          }),
        ),
      );
    } catch (error) {
      await Promise.all(variants.flatMap((variant) => variant.instances.map((instance) => this.retire(instance))));
      throw error;
    }
    return variants;
  }

  private async startInstance(endpointName: string, variant: LiveVariant, signal: AbortSignal): Promise<ModelInstance> {
    const jobName = `${endpointName.slice(0, 46)}-${randomBytes(8).toString('hex')}`;
    const starting = this.live.get(key(endpointName))?.starting;
    let pid: number | undefined;
    let server: ModelServer;
    try {
      server = await ModelServer.start({
        jobName,
        jobsDir: this.options.jobsDir,
        artifacts: this.options.artifacts,
        runtimes: this.options.runtimes,
        environments: this.options.environments,
        instanceType: variant.spec.InstanceType,
        container: variant.spec.Container,
        modelName: variant.spec.ModelName,
        stopGraceMs: 5000,
        healthTimeoutMs: this.healthTimeoutMs,
        signal,
        onStart: (started) => {
          pid = started;
          starting?.add(started);
          this.recordProcesses(endpointName);
        },
      });
    } catch (error) {
      const log = error instanceof ModelServingError && error.kind === 'program' ? ` (its log: SluiceLocal.GetJobLog ${jobName})` : '';
      throw new Error(`Variant ${variant.spec.VariantName}: ${reasonOf(error)}${log}`);
    } finally {
      if (pid !== undefined) starting?.delete(pid);
    }
    // Free sockets close before Node's default 5 s server keep-alive, so a reused socket is rarely one the model just closed.
    const instance: ModelInstance = { server, agent: new Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 }), inFlight: 0, retired: false, drained: [] };
    void server.exited.then((result) => {
      if (instance.retired || server.stopRequested || this.closing) return;
      this.recover(endpointName, variant, instance, result.signal ? `on ${result.signal}` : `with code ${result.exitCode}`);
    });
    return instance;
  }

  /** A model process died: take it out, say so, start another; give up as Failed after too many restarts. */
  private recover(endpointName: string, variant: LiveVariant, dead: ModelInstance, how: string): void {
    const entry = this.live.get(key(endpointName));
    void this.retire(dead);
    const index = variant.instances.indexOf(dead);
    if (index >= 0) variant.instances.splice(index, 1);
    if (entry === undefined || entry.deleting || !entry.variants.includes(variant)) return;
    const store = this.options.store.endpoints;
    const record = store.endpoint(endpointName);
    if (record === undefined) return;
    const now = this.options.now();
    variant.restarts = [...variant.restarts.filter((time) => now - time < this.restartWindowMs), now];
    const what = `Variant ${variant.spec.VariantName}: the model process (pid ${dead.server.pid() ?? '?'}) exited ${how} at ${iso(now)}`;
    const log = ` (its log: SluiceLocal.GetJobLog ${dead.server.jobName})`;
    if (variant.restarts.length > this.maxRestarts) {
      this.giveUp(
        entry,
        record.name,
        `${what}${log}; it was restarted ${this.maxRestarts} times within ${Math.round(this.restartWindowMs / 1000)} s, so it is not restarted again`,
      );
      return;
    }
    const serving = record.status === 'InService' || record.status === 'SystemUpdating';
    store.updateEndpoint(record.name, { ...(serving ? { status: 'SystemUpdating' } : {}), failureReason: `${what}${log}; restarting it` }, now);
    const attempt = async (tries: number): Promise<void> => {
      try {
        const instance = await this.startInstance(record.name, variant, entry.lifetime.signal);
        if (entry.deleting || this.closing || !entry.variants.includes(variant)) {
          await this.retire(instance);
          return;
        }
        variant.instances.push(instance);
        for (const answer of variant.waiting.splice(0)) answer(instance);
        const current = store.endpoint(record.name);
        const stillRecovering = entry.variants.some((v) => v.instances.filter((i) => !i.retired).length === 0);
        const status = current?.status === 'SystemUpdating' && !stillRecovering ? { status: 'InService' } : {};
        store.updateEndpoint(
          record.name,
          { ...status, failureReason: `${what}${log}; restarted at ${iso(this.options.now())} (pid ${instance.server.pid() ?? '?'})` },
          this.options.now(),
        );
        this.recordProcesses(record.name);
      } catch (error) {
        if (entry.deleting || this.closing) return;
        if (tries >= 3) {
          this.giveUp(entry, record.name, `${what}${log}; starting it again failed 3 times: ${reasonOf(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** tries));
        await attempt(tries + 1);
      }
    };
    void attempt(1);
  }

  private giveUp(entry: LiveEndpoint, name: string, reason: string): void {
    const variants = entry.variants;
    entry.variants = [];
    for (const variant of variants) this.failWaiting(variant);
    void Promise.all(variants.flatMap((variant) => variant.instances.map((instance) => this.retire(instance)))).then(() => this.recordProcesses(name));
    this.options.store.endpoints.updateEndpoint(name, { status: 'Failed', failureReason: reason }, this.options.now());
  }

  /** Takes an instance out of rotation, lets its requests finish, then ends its process and removes its model copy (the log stays). */
  private retire(instance: ModelInstance): Promise<void> {
    const done = this.stopInstance(instance);
    this.ending.add(done);
    void done.then(
      () => this.ending.delete(done),
      () => this.ending.delete(done),
    );
    return done;
  }

  private async stopInstance(instance: ModelInstance): Promise<void> {
    instance.retired = true;
    if (instance.inFlight > 0 && instance.server.ended === undefined) {
      await new Promise<void>((resolve) => {
        instance.drained.push(resolve);
        setTimeout(resolve, 60000).unref();
      });
    }
    await instance.server.stop();
    instance.agent.destroy();
    rmSync(join(this.options.jobsDir, instance.server.jobName, 'ml'), { recursive: true, force: true });
  }

  /** The ids of the endpoint's running model processes, for the next service to end after a crash. */
  private recordProcesses(name: string): void {
    if (this.closing) return;
    const entry = this.live.get(key(name));
    const serving = (entry?.variants ?? []).flatMap((variant) => variant.instances.filter((i) => !i.retired).map((i) => i.server.pid()));
    const pids = [...new Set([...serving, ...(entry?.starting ?? [])])].filter((pid): pid is number => pid !== undefined);
    this.options.store.endpoints.updateEndpoint(name, { processes: JSON.stringify(pids) }, this.options.now(), false);
  }
}

const key = (name: string): string => name.toLowerCase();

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The next live instance of a variant, round-robin, with its in-flight count taken. */
function takeInstance(variant: LiveVariant): ModelInstance | undefined {
  const count = variant.instances.length;
  for (let i = 0; i < count; i++) {
    const instance = variant.instances[(variant.next + i) % count]!;
    if (!instance.retired) {
      variant.next = (variant.next + i + 1) % count;
      instance.inFlight += 1;
      return instance;
    }
  }
  return undefined;
}

function pickByWeight(variants: readonly LiveVariant[]): LiveVariant | undefined {
  if (variants.length === 1) return variants[0];
  const total = variants.reduce((sum, variant) => sum + variant.spec.InitialVariantWeight, 0);
  if (total <= 0) return variants[0];
  let point = Math.random() * total;
  for (const variant of variants) {
    point -= variant.spec.InitialVariantWeight;
    if (point < 0) return variant;
  }
  return variants[variants.length - 1];
}

/** Kills a process group a dead service left behind, but only if it still is a model process of this home. */
function killIfModelProcess(pid: number, jobsDir: string): void {
  let command: string;
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!command.includes('/opt/ml/code/') && !command.includes(jobsDir)) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
