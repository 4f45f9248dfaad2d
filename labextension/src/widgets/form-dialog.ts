/**
 * A form in JupyterLab's Dialog. The Dialog's accept button (or Enter) sends the form; while the form has
 * problems the button is disabled; when the service refuses, the dialog stays open with the service's message.
 */
import { Dialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Signal, type ISignal } from '@lumino/signaling';
import type * as React from 'react';

/** What a dialog's form tells its dialog: whether it can be sent now, and how to send it. */
export class DialogForm {
  private readonly _changed = new Signal<this, void>(this);
  private _send: (() => Promise<boolean>) | undefined;
  private _canSend = false;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get canSend(): boolean {
    return this._canSend;
  }

  /** Called by the form on each render: `send` resolves true once done, false when the form stays open. */
  update(canSend: boolean, send: () => Promise<boolean>): void {
    this._send = send;
    if (canSend === this._canSend) return;
    this._canSend = canSend;
    this._changed.emit();
  }

  send(): Promise<boolean> {
    return this._canSend && this._send ? this._send() : Promise.resolve(false);
  }
}

export interface FormDialogOptions {
  title: string;
  /** On the dialog's node, for styles and tests. */
  className: string;
  acceptLabel: string;
  /** The form's body, given the DialogForm it reports to. */
  render: (form: DialogForm) => React.ReactElement;
  focusNodeSelector?: string;
}

/** Opens the dialog; resolves once it is closed, true when the form was sent. */
export async function showFormDialog(options: FormDialogOptions): Promise<boolean> {
  const dialog = new FormDialog(options);
  try {
    return (await dialog.launch()).button.accept;
  } catch {
    // Disposed while open (JupyterLab closing): nothing was sent.
    return false;
  }
}

class FormDialog extends Dialog<void> {
  private readonly form: DialogForm;
  private readonly acceptIndex: number;
  private sending = false;

  constructor(options: FormDialogOptions) {
    const form = new DialogForm();
    const buttons = [Dialog.cancelButton(), Dialog.okButton({ label: options.acceptLabel })];
    super({ title: options.title, body: ReactWidget.create(options.render(form)), buttons, focusNodeSelector: options.focusNodeSelector ?? '' });
    this.form = form;
    this.acceptIndex = buttons.findIndex((button) => button.accept);
    this.addClass(options.className);
    form.changed.connect(this.updateAccept, this);
    this.updateAccept();
  }

  /** Accept sends the form first, and closes only once it is done. */
  override resolve(index?: number): void {
    if ((index ?? this.acceptIndex) !== this.acceptIndex) {
      super.resolve(index);
      return;
    }
    if (this.sending || !this.form.canSend) return;
    this.sending = true;
    this.updateAccept();
    void this.form
      .send()
      .then((done) => {
        if (done) super.resolve(this.acceptIndex);
      })
      .finally(() => {
        this.sending = false;
        if (!this.isDisposed) this.updateAccept();
      });
  }

  /** The Dialog enables accept on every input when no input is :invalid; the form's own problems decide here. */
  override handleEvent(event: Event): void {
    super.handleEvent(event);
    if (event.type === 'input') this.updateAccept();
  }

  override dispose(): void {
    Signal.clearData(this.form);
    super.dispose();
  }

  private updateAccept(): void {
    const accept = this.node.querySelector<HTMLButtonElement>('.jp-Dialog-footer .jp-mod-accept');
    if (accept) accept.disabled = this.sending || !this.form.canSend;
  }
}
