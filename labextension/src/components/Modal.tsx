import * as React from 'react';

/** A dialog inside the view, so that its form can validate and show the service's error without closing. */
export function Modal(props: { title: string; onClose: () => void; children: React.ReactNode; className?: string }): React.ReactElement {
  return (
    <div className="sluice-Modal-backdrop" onClick={props.onClose}>
      <div className={`sluice-Modal ${props.className ?? ''}`} role="dialog" aria-label={props.title} onClick={(event) => event.stopPropagation()}>
        <div className="sluice-Modal-title">{props.title}</div>
        {props.children}
      </div>
    </div>
  );
}
