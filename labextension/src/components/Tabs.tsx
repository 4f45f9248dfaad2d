import * as React from 'react';

/** A row of tabs over one panel, in JupyterLab's look. */
export function Tabs<T extends string>(props: { tabs: readonly T[]; current: T; onChange: (tab: T) => void; label: string }): React.ReactElement {
  return (
    <div className="sluice-Tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((tab) => (
        <button
          key={tab}
          role="tab"
          aria-selected={tab === props.current}
          className={`sluice-Tab${tab === props.current ? ' sluice-mod-current' : ''}`}
          onClick={() => props.onChange(tab)}
        >
          {tab}
        </button>
      ))}
    </div>
  );
}
