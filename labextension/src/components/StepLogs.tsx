import * as React from 'react';
import type { StepLogModel } from '../model';
import { ServiceProblem } from './ServiceProblem';
import { useModelWhileShown } from './use-model';

/** A job's log, following it while it runs; search keeps the lines that contain the text. */
export function StepLogs(props: { model: StepLogModel }): React.ReactElement {
  // The log is followed while it is in sight.
  const model = useModelWhileShown(props.model);
  const [search, setSearch] = React.useState('');
  const end = React.useRef<HTMLDivElement>(null);
  const lines = search === '' ? model.lines : model.lines.filter((line) => line.Text.toLowerCase().includes(search.toLowerCase()));
  React.useEffect(() => {
    if (search === '') end.current?.scrollIntoView?.({ block: 'end' });
  }, [lines.length, search]);
  return (
    <div className="sluice-Logs">
      <div className="sluice-Logs-toolbar">
        <input
          className="jp-mod-styled"
          type="search"
          placeholder="Search the log"
          aria-label="Search the log"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <span className="sluice-Muted">
          {model.jobName} · {model.jobStatus ?? 'loading'}
          {model.jobStatus === 'InProgress' ? ' · following' : ''}
        </span>
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <pre className="sluice-Logs-lines">
        {lines.map((line, index) => (
          <div key={index} className={`sluice-Logs-line sluice-mod-${line.Stream}`}>
            {line.Text}
          </div>
        ))}
        {model.loaded && model.lines.length === 0 && <span className="sluice-Muted">(no output yet)</span>}
        <div ref={end} />
      </pre>
    </div>
  );
}
