import type { ISignal } from '@lumino/signaling';
import { useEffect, useState } from 'react';

/** The latest value a signal carried (`initial` until it fires), re-rendering the component each time it fires. */
export function useSignalState<T>(signal: ISignal<unknown, T>, initial: T): T {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const changed = (_sender: unknown, next: T): void => setValue(next);
    signal.connect(changed);
    return () => void signal.disconnect(changed);
  }, [signal]);
  return value;
}
