import { useEffect, useReducer } from 'react';
import type { PolledModel } from '../model';

/** Re-renders the component whenever the model changes. */
export function useModel<M extends PolledModel>(model: M): M {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    const changed = (): void => rerender();
    model.changed.connect(changed);
    return () => {
      model.changed.disconnect(changed);
    };
  }, [model]);
  return model;
}

/** useModel for a model that polls only while this component is mounted: a tab's content, a pane in sight. */
export function useModelWhileShown<M extends PolledModel>(model: M): M {
  useEffect(() => {
    model.visible = true;
    return () => {
      model.visible = false;
    };
  }, [model]);
  return useModel(model);
}
