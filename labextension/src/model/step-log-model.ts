/** A job's log, read from where the last read stopped, and followed while the job runs. */
import type { JobLogLine, ServiceClient } from '../api/operations';
import { PolledModel } from './polled-model';

export class StepLogModel extends PolledModel {
  private _lines: JobLogLine[] = [];
  private _nextLine = 0;
  private _jobStatus: string | undefined;
  private _reading: Promise<void> | undefined;

  constructor(
    client: ServiceClient,
    readonly jobName: string,
    intervalMs = 1000,
  ) {
    super(client, intervalMs);
  }

  get lines(): readonly JobLogLine[] {
    return this._lines;
  }

  get jobStatus(): string | undefined {
    return this._jobStatus;
  }

  /** Following stops once the job is over and its last lines are read. */
  protected override get finished(): boolean {
    return this._jobStatus !== undefined && this._jobStatus !== 'InProgress' && this._jobStatus !== 'Stopping';
  }

  /** One read at a time: two reads from the same line would show its lines twice. */
  protected load(): Promise<void> {
    this._reading ??= this.readMore().finally(() => {
      this._reading = undefined;
    });
    return this._reading;
  }

  private async readMore(): Promise<void> {
    const log = await this.client.call('SluiceLocal.GetJobLog', { JobName: this.jobName, StartFromLine: this._nextLine });
    this._lines = this._lines.concat(log.Lines);
    this._nextLine = log.NextLine;
    this._jobStatus = log.JobStatus;
  }
}
