// The virtualised fleet table: only the rows in view (plus a margin) exist in the DOM, reused as
// the view scrolls; everything is painted at most once per animation frame.
import { COLUMNS, ROW_ACTIONS } from './columns.js';
import { el } from './format.js';
import { frameScheduler } from './frame-scheduler.js';

const ROW_HEIGHT_PX = 30;
const OVERSCAN_ROWS = 6;

export class FleetTable {
  constructor({ store, ctx, dom, onAction, onSelect }) {
    this.store = store;
    this.ctx = ctx;
    this.dom = dom;
    this.onAction = onAction;
    this.onSelect = onSelect;
    this.sortKey = 'symbol';
    this.sortDir = 1;
    this.filterText = '';
    this.filterState = '';
    this.view = [];
    this.viewVersion = -1;
    this.viewDirty = true;
    this.pool = [];
    this.selected = null;
    this.schedule = frameScheduler(() => this.paint());
    this.buildHeader();
    this.wire();
  }

  buildHeader() {
    const head = this.dom.head;
    head.replaceChildren();
    for (const col of COLUMNS) {
      const b = el('button', `th ${col.num ? 'num' : ''}`, col.title);
      b.type = 'button';
      b.dataset.sort = col.key;
      head.append(b);
    }
    head.append(el('span', 'th actions-head', 'Actions'));
  }

  wire() {
    const { head, viewport, rows, filter, stateFilter } = this.dom;
    head.addEventListener('click', (ev) => {
      const key = ev.target.closest('[data-sort]')?.dataset.sort;
      if (!key) return;
      this.sortDir = this.sortKey === key ? -this.sortDir : 1;
      this.sortKey = key;
      this.refilter();
    });
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(viewport);
    rows.addEventListener('click', (ev) => {
      const row = ev.target.closest('.row');
      if (!row?.dataset.symbol) return;
      const button = ev.target.closest('button[data-action]');
      if (button) this.onAction(button.dataset.action, row.dataset.symbol);
      else this.onSelect(row.dataset.symbol);
    });
    filter.addEventListener('input', () => {
      this.filterText = filter.value
        .trim()
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '');
      this.refilter();
    });
    stateFilter.addEventListener('change', () => {
      this.filterState = stateFilter.value;
      this.refilter();
    });
  }

  refilter() {
    this.viewDirty = true;
    this.schedule();
  }

  select(symbol) {
    this.selected = symbol;
    this.schedule();
  }

  /** Rebuilds the filtered, sorted list when the fleet, the filter or the sort changed. */
  rebuildView() {
    const timeSorted = this.sortKey === 'uptime' || this.sortKey === 'heartbeat';
    if (!this.viewDirty && this.viewVersion === this.store.version && !timeSorted) return;
    const col = COLUMNS.find((c) => c.key === this.sortKey) ?? COLUMNS[0];
    const keyed = [];
    for (const e of this.store.engines.values()) {
      if (this.filterState && e.status !== this.filterState) continue;
      if (this.filterText && !e.symbol.includes(this.filterText)) continue;
      keyed.push({ e, k: col.sort(e, this.ctx) });
    }
    const dir = this.sortDir;
    keyed.sort((a, b) => {
      if (a.k < b.k) return -dir;
      if (a.k > b.k) return dir;
      return a.e.symbol < b.e.symbol ? -1 : 1;
    });
    this.view = keyed.map((x) => x.e);
    this.viewVersion = this.store.version;
    this.viewDirty = false;
  }

  paint() {
    this.rebuildView();
    const { viewport, spacer, rows, count, head } = this.dom;
    spacer.style.height = `${this.view.length * ROW_HEIGHT_PX}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
    const visible = Math.ceil(viewport.clientHeight / ROW_HEIGHT_PX) + 2 * OVERSCAN_ROWS;
    const last = Math.min(this.view.length, first + visible);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) this.pool.push(this.makeRow());
    while (this.pool.length > needed) this.pool.pop().remove();
    for (let i = 0; i < needed; i++) this.fillRow(this.pool[i], this.view[first + i], first + i);
    for (const b of head.querySelectorAll('[data-sort]')) {
      b.dataset.dir = b.dataset.sort === this.sortKey ? (this.sortDir > 0 ? 'asc' : 'desc') : '';
    }
    const total = this.store.engines.size;
    count.textContent = `${this.view.length} of ${total} engines · ${needed} rows drawn`;
    count.dataset.shown = String(this.view.length);
    count.dataset.total = String(total);
    count.dataset.rendered = String(rows.childElementCount);
    if (total > 0 && !this.paintedOnce) {
      this.paintedOnce = true;
      performance.mark('fleet:first-paint');
    }
  }

  makeRow() {
    const row = el('div', 'row');
    row.setAttribute('role', 'row');
    row.cells = COLUMNS.map((col) => {
      const cell = el('span', `td c-${col.key}${col.num ? ' num' : ''}`);
      cell.setAttribute('role', 'cell');
      row.append(cell);
      return cell;
    });
    const actions = el('span', 'td actions');
    row.buttons = ROW_ACTIONS.map(({ action, label }) => {
      const b = el('button', `act act-${action}`, label);
      b.type = 'button';
      b.dataset.action = action;
      actions.append(b);
      return b;
    });
    row.append(actions);
    this.dom.rows.append(row);
    return row;
  }

  fillRow(row, e, index) {
    if (row.dataset.symbol !== e.symbol) row.dataset.symbol = e.symbol;
    row.style.transform = `translateY(${index * ROW_HEIGHT_PX}px)`;
    row.classList.toggle('selected', e.symbol === this.selected);
    row.dataset.state = e.status;
    COLUMNS.forEach((col, i) => {
      const cell = row.cells[i];
      const text = col.text(e, this.ctx);
      if (cell.textContent !== text) cell.textContent = text;
      const cls = `td c-${col.key}${col.num ? ' num' : ''} ${col.cls ? col.cls(e, this.ctx) : ''}`;
      if (cell.className !== cls) cell.className = cls;
    });
    ROW_ACTIONS.forEach(({ when }, i) => {
      row.buttons[i].disabled = !when(e.status);
    });
  }
}
