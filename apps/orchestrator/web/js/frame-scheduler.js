// Many updates, one paint: work requested any number of times runs once, on the next animation frame.
export function frameScheduler(paint) {
  let pending = false;
  return function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      paint();
    });
  };
}
