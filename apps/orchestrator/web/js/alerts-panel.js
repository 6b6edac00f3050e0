// The alerts topic: newest first, the last 100 kept.
import { el, time } from './format.js';

const KEEP_ALERTS = 100;

export class AlertsPanel {
  constructor(listEl) {
    this.list = listEl;
  }

  handle(msg) {
    if (msg.topic !== 'alerts') return false;
    if (msg.type === 'snapshot') {
      this.list.replaceChildren();
      for (const alert of msg.data?.items ?? []) this.add(alert);
    } else if (msg.kind === 'alert') {
      this.add(msg.data);
    }
    return true;
  }

  add(alert) {
    const li = el('li', `alert sev-${alert.severity}`);
    li.append(
      el('span', 'when', time(alert.at)),
      el('span', 'sev', alert.severity),
      el('span', 'cause', alert.cause),
      el('span', 'msg', alert.message),
    );
    this.list.prepend(li);
    while (this.list.childElementCount > KEEP_ALERTS) this.list.lastElementChild.remove();
  }
}
