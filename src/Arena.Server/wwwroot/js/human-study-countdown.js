// The time limit of a human-study item: seconds left, until the item's deadline passes.

export class Countdown {
  /** `onTimeUp` runs once when the time runs out. */
  constructor(element, onTimeUp) {
    this.element = element;
    this.onTimeUp = onTimeUp;
    this.timer = 0;
  }

  /** Counts down to `deadline` (this page's clock, in ms) when the study has a limit; hides the countdown otherwise. */
  start(deadline, limitSeconds) {
    this.stop();
    if (!limitSeconds || deadline === null) {
      this.element.hidden = true;
      return;
    }
    const limit = limitSeconds * 1000; // never more than the limit, whatever the two clocks say
    const tick = () => {
      const left = Math.min(limit, Math.max(0, deadline - Date.now()));
      this.element.textContent = `${Math.ceil(left / 1000)} s left`;
      if (left > 0) return true;
      this.stop();
      this.onTimeUp();
      return false;
    };
    this.element.hidden = false;
    if (tick()) this.timer = setInterval(tick, 250);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }
}
