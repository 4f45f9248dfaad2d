import * as React from 'react';

/** An execution's, step's or model version's status as a coloured chip (colours come from the theme). */
export function StatusChip(props: { status: string | undefined }): React.ReactElement {
  const status = props.status ?? 'None';
  return <span className={`sluice-StatusChip sluice-mod-${status.toLowerCase()}`}>{props.status ?? '—'}</span>;
}
