import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import type * as React from 'react';
import type { PolledModel } from '../model';

/**
 * A React view of one polled model: the model polls only while the view is shown, and is disposed with it.
 */
export class ModelView extends ReactWidget {
  constructor(
    readonly model: PolledModel,
    private readonly view: () => React.ReactElement,
  ) {
    super();
    this.addClass('sluice-ModelView');
    model.visible = false;
  }

  protected render(): React.ReactElement {
    return this.view();
  }

  protected override onAfterShow(message: Message): void {
    super.onAfterShow(message);
    this.model.visible = true;
  }

  protected override onAfterAttach(message: Message): void {
    super.onAfterAttach(message);
    this.model.visible = this.isVisible;
    // A tab restored behind others loads once, so its title and contents are there when it is shown.
    if (!this.model.loaded) void this.model.reload();
  }

  protected override onBeforeHide(message: Message): void {
    super.onBeforeHide(message);
    this.model.visible = false;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.model.dispose();
    super.dispose();
  }
}
