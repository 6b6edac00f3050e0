// A sparkline on a canvas: the last N points, scaled to their own range. Plotting only: the
// values shown as text stay decimal strings.
const MIN_SPAN = 10;

export class Sparkline {
  constructor(canvas, capacity = 300) {
    this.canvas = canvas;
    this.capacity = capacity;
    this.points = [];
  }

  clear() {
    this.points = [];
    this.draw();
  }

  push(value) {
    const n = Number(value);
    if (!Number.isFinite(n)) return;
    this.points.push(n);
    if (this.points.length > this.capacity) this.points.shift();
  }

  draw() {
    const { canvas, points } = this;
    const ctx = canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || canvas.width;
    const h = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
    if (canvas.height !== Math.round(h * ratio)) canvas.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    canvas.dataset.points = String(points.length);
    if (points.length < 2) return;
    let min = Infinity;
    let max = -Infinity;
    for (const p of points) {
      if (p < min) min = p;
      if (p > max) max = p;
    }
    const span = max - min || 1;
    // The newest point at the right edge; a short history is spread over at least MIN_SPAN steps.
    const step = w / Math.max(points.length - 1, MIN_SPAN);
    const x0 = w - step * (points.length - 1);
    const y = (p) => h - 3 - ((p - min) / span) * (h - 6);
    if (min < 0 && max > 0) {
      ctx.strokeStyle = '#555';
      ctx.beginPath();
      ctx.moveTo(0, y(0));
      ctx.lineTo(w, y(0));
      ctx.stroke();
    }
    ctx.strokeStyle = points[points.length - 1] >= points[0] ? '#3fb950' : '#f85149';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    points.forEach((p, i) => (i === 0 ? ctx.moveTo(x0, y(p)) : ctx.lineTo(x0 + i * step, y(p))));
    ctx.stroke();
  }
}
