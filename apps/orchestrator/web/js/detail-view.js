// One engine up close: subscribes engine:{S} while open; book, recent signals and fills, and
// sparklines of mid and PnL. The snapshot draws the book first; each once-a-second tick redraws
// it (top 10 levels) and feeds the sparklines.
import { ROW_ACTIONS } from './columns.js';
import { decimal, el, time } from './format.js';
import { frameScheduler } from './frame-scheduler.js';
import { Sparkline } from './sparkline.js';

const KEEP_EVENTS = 50;

export class DetailView {
  constructor({ dom, feed, store, onAction, onClose }) {
    this.dom = dom;
    this.feed = feed;
    this.store = store;
    this.symbol = null;
    this.mid = new Sparkline(dom.sparkMid);
    this.pnl = new Sparkline(dom.sparkPnl);
    this.pendingBook = undefined;
    this.schedule = frameScheduler(() => this.paint());
    for (const { action, label } of ROW_ACTIONS) {
      const b = el('button', `act act-${action}`, label);
      b.type = 'button';
      b.dataset.action = action;
      dom.actions.append(b);
    }
    dom.actions.addEventListener('click', (ev) => {
      const action = ev.target.closest('button[data-action]')?.dataset.action;
      if (action && this.symbol) onAction(action, this.symbol);
    });
    dom.close.addEventListener('click', () => {
      this.close();
      onClose();
    });
  }

  open(symbol) {
    if (this.symbol === symbol) return;
    this.close();
    this.symbol = symbol;
    this.dom.root.hidden = false;
    this.dom.symbol.textContent = symbol;
    this.dom.signals.replaceChildren();
    this.dom.fills.replaceChildren();
    this.dom.book.replaceChildren(el('p', 'muted', 'waiting for the feed…'));
    this.mid.clear();
    this.pnl.clear();
    this.pendingBook = undefined;
    this.showStatus(this.store.get(symbol));
    this.feed.subscribe([`engine:${symbol}`]);
  }

  close() {
    if (!this.symbol) return;
    this.feed.unsubscribe([`engine:${this.symbol}`]);
    this.symbol = null;
    this.dom.root.hidden = true;
  }

  /** Messages for engine:{S}; returns false for other topics. */
  handle(msg) {
    if (!this.symbol || msg.topic !== `engine:${this.symbol}`) return false;
    if (msg.type === 'snapshot') {
      const { status, signals = [], fills = [], book = null } = msg.data ?? {};
      this.showStatus(status);
      signals.forEach((s) => this.addSignal(s));
      fills.forEach((f) => this.addFill(f));
      this.showBook(book, msg.serverTime);
      return true;
    }
    switch (msg.kind) {
      case 'status':
        this.store.applyStatus(msg.data);
        this.showStatus(msg.data);
        break;
      case 'signal':
        this.addSignal(msg.data);
        break;
      case 'fill':
        this.addFill(msg.data);
        break;
      case 'tick':
        this.addTick(msg.data);
        break;
      default:
        break;
    }
    return true;
  }

  showStatus(status) {
    const state = status?.status ?? '?';
    this.dom.state.textContent = state;
    this.dom.state.className = `state s-${state}`;
    for (const b of this.dom.actions.querySelectorAll('button[data-action]')) {
      const rule = ROW_ACTIONS.find((a) => a.action === b.dataset.action);
      b.disabled = !rule?.when(state);
    }
  }

  addSignal(s) {
    const text = `${time(s.at ?? s.createdAt)} ${s.side} mid ${decimal(s.mid, 6)} imbalance ${decimal(s.imbalance, 3)}`;
    this.prepend(this.dom.signals, el('li', `side-${s.side}`, text));
  }

  addFill(f) {
    const d = f.details ?? {};
    const what = [d.side, d.qty ?? d.filledQty, d.price ? `@ ${d.price}` : '']
      .filter(Boolean)
      .join(' ');
    this.prepend(this.dom.fills, el('li', '', `${time(f.at)} ${f.action ?? 'fill'} ${what}`));
  }

  prepend(list, item) {
    list.prepend(item);
    while (list.childElementCount > KEEP_EVENTS) list.lastElementChild.remove();
  }

  addTick(t) {
    if (t.mid !== null && t.mid !== undefined) {
      this.mid.push(t.mid);
      this.dom.midLast.textContent = decimal(t.mid, 6);
    }
    this.pnl.push(Number(t.unrealizedPnl ?? 0) + Number(t.realizedPnl ?? 0));
    this.dom.pnlLast.textContent = `u ${decimal(t.unrealizedPnl)} · r ${decimal(t.realizedPnl)}`;
    if (t.book !== undefined) this.pendingBook = { book: t.book, serverTime: t.serverTime };
    this.schedule();
  }

  paint() {
    this.mid.draw();
    this.pnl.draw();
    if (this.pendingBook) {
      this.showBook(this.pendingBook.book, this.pendingBook.serverTime);
      this.pendingBook = undefined;
    }
  }

  /** Draws the book; the root carries when the server read it and its best bid (raw decimal). */
  showBook(book, serverTime) {
    const root = this.dom.book;
    root.dataset.serverTime = serverTime ?? '';
    root.dataset.bestBid = book?.bids?.[0]?.[0] ?? '';
    if (!book) {
      root.replaceChildren(el('p', 'muted', 'no book (engine not running)'));
      return;
    }
    const side = (levels, cls) => {
      const col = el('div', `book-side ${cls}`);
      for (const [price, size] of levels.slice(0, 10)) {
        const row = el('div', 'level');
        row.append(el('span', 'price', decimal(price, 8)), el('span', 'size', decimal(size, 6)));
        col.append(row);
      }
      return col;
    };
    root.replaceChildren(side(book.bids ?? [], 'bids'), side(book.asks ?? [], 'asks'));
  }
}
