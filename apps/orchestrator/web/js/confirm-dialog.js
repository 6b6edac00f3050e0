// One modal confirmation (a <dialog>): resolves { confirmed, flatten } when it closes.
export class ConfirmDialog {
  constructor(dom) {
    this.dom = dom;
    this.resolve = null;
    dom.dialog.addEventListener('close', () => {
      const resolve = this.resolve;
      this.resolve = null;
      resolve?.({
        confirmed: dom.dialog.returnValue === 'ok',
        flatten: !dom.flattenRow.hidden && dom.flatten.checked,
      });
    });
  }

  ask(text, { offerFlatten = false, confirmLabel = 'Confirm' } = {}) {
    const { dialog, text: textEl, flattenRow, flatten, ok } = this.dom;
    if (dialog.open) dialog.close('cancel');
    textEl.textContent = text;
    flattenRow.hidden = !offerFlatten;
    flatten.checked = false;
    ok.textContent = confirmLabel;
    dialog.returnValue = 'cancel';
    dialog.showModal();
    this.dom.cancel.focus();
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }
}
