import * as React from 'react';
import type { PipelinesModel } from '../model';
import { Time } from './Time';
import { useModel } from './use-model';

export function ModelGroupsList(props: { model: PipelinesModel; onOpen: (name: string) => void }): React.ReactElement {
  const model = useModel(props.model);
  const groups = model.modelPackageGroups;
  return (
    <div className="sluice-ModelGroupsList">
      {model.loaded && groups.length === 0 && <p className="sluice-Empty">No model groups yet. A pipeline's RegisterModel step creates versions in one.</p>}
      <ul className="sluice-List">
        {groups.map((group) => (
          <li
            key={group.ModelPackageGroupName}
            className="sluice-List-item sluice-ModelGroupItem"
            data-group={group.ModelPackageGroupName}
            onClick={() => props.onOpen(group.ModelPackageGroupName ?? '')}
          >
            <div className="sluice-List-main">
              <span className="sluice-List-name">{group.ModelPackageGroupName}</span>
            </div>
            <div className="sluice-List-sub">
              <span className="sluice-Muted">Created </span>
              <Time epochSeconds={group.CreationTime} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
