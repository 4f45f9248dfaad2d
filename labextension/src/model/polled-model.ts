/**
 * State that comes from the service and is kept fresh by polling: a Lumino Poll that stands by while the
 * view is hidden (or the browser tab is), backs off while the service is unreachable, and keeps retrying.
 */
import { Poll } from '@lumino/polling';
import { Signal, type ISignal } from '@lumino/signaling';
import { ServiceError, unreachableType } from '../api/errors';
import type { ServiceClient } from '../api/operations';

export abstract class PolledModel {
  private readonly _changed = new Signal<this, void>(this);
  private _error: ServiceError | undefined;
  private _loaded = false;
  private _visible = true;
  private _disposed = false;
  protected readonly poll: Poll;

  constructor(
    protected readonly client: ServiceClient,
    intervalMs: number,
  ) {
    this.poll = new Poll({
      factory: () => this.reload(true),
      frequency: { interval: intervalMs, backoff: true, max: 30_000 },
      standby: () => (!this._visible || this.finished ? true : 'when-hidden'),
    });
  }

  /** Emitted after each load, successful or not, and after every local change. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Why the last load failed; undefined once a load succeeds. */
  get error(): ServiceError | undefined {
    return this._error;
  }

  get loaded(): boolean {
    return this._loaded;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** How often it polls while shown (a user setting). */
  set intervalMs(interval: number) {
    if (interval === this.poll.frequency.interval) return;
    this.poll.frequency = { ...this.poll.frequency, interval };
  }

  /** Set by the view: a hidden view's model does not poll. */
  set visible(visible: boolean) {
    if (visible === this._visible) return;
    this._visible = visible;
    if (visible) void this.poll.refresh();
  }

  /** Loads now. `rethrow` lets the Poll see a failure and back off. */
  async reload(rethrow = false): Promise<void> {
    if (this._disposed) return;
    try {
      await this.load();
      this._error = undefined;
      this._loaded = true;
    } catch (error) {
      this._error = error instanceof ServiceError ? error : new ServiceError(unreachableType, error instanceof Error ? error.message : String(error), 0);
      this.emitChanged();
      if (rethrow) throw error;
      return;
    }
    this.emitChanged();
  }

  /** Asks the poll for an early tick, e.g. after the user changed something. */
  refresh(): void {
    void this.poll.refresh();
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this.poll.dispose();
    Signal.clearData(this);
  }

  protected emitChanged(): void {
    if (!this._disposed) this._changed.emit();
  }

  /** True when nothing will change any more (a finished execution): polling stops. */
  protected get finished(): boolean {
    return false;
  }

  protected abstract load(): Promise<void>;
}
