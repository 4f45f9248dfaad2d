import { copyIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

/** The execution id: the last segment of its ARN, which SageMaker uses in job names and S3 paths. */
export function executionIdOf(executionArn: string): string {
  return executionArn.slice(executionArn.lastIndexOf('/') + 1);
}

export interface ExecutionNameProps {
  /** The execution's PipelineExecutionArn. */
  arn: string;
  /** PipelineExecutionDisplayName, when known; without it only the id shows. */
  displayName?: string;
  /** Makes the display name a link (the id and its copy button stay plain). */
  onOpen?: (event: React.MouseEvent) => void;
}

/**
 * How the panel names an execution: its display name, then its id with a button that copies it, so the
 * `execution-…` a list shows can be matched to the id in job names, S3 paths and ARNs.
 */
export function ExecutionName(props: ExecutionNameProps): React.ReactElement {
  const id = executionIdOf(props.arn);
  const displayName = props.displayName && props.displayName !== id ? props.displayName : undefined;
  return (
    <span className="sluice-ExecutionName" data-execution-id={id}>
      {displayName !== undefined && (
        <span className={`sluice-ExecutionName-display${props.onOpen ? ' sluice-Link' : ''}`} onClick={props.onOpen}>
          {displayName}
        </span>
      )}
      <span className="sluice-ExecutionId sluice-Mono" title="Execution id: the end of its ARN, used in job names and S3 paths">
        {id}
      </span>
      <CopyButton text={id} what="execution id" />
    </span>
  );
}

/** A small button that puts `text` on the clipboard and says so in its tooltip. */
export function CopyButton(props: { text: string; what: string }): React.ReactElement {
  const [state, setState] = React.useState<'idle' | 'copied' | string>('idle');
  React.useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = (event: React.MouseEvent): void => {
    // Inside a clickable row: copying must not also open the execution.
    event.stopPropagation();
    navigator.clipboard.writeText(props.text).then(
      () => setState('copied'),
      (error: unknown) => setState(`Could not copy: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const title = state === 'idle' ? `Copy ${props.what} ${props.text}` : state === 'copied' ? `Copied ${props.text}` : state;
  return (
    <button
      type="button"
      className={`sluice-CopyButton${state === 'copied' ? ' sluice-mod-copied' : ''}`}
      title={title}
      aria-label={title}
      onClick={copy}
      onDoubleClick={(event) => event.stopPropagation()}
    >
      <copyIcon.react tag="span" elementSize="small" />
    </button>
  );
}
