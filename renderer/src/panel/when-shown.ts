/**
 * Keeps a side-panel view from rendering while it does not show (the panel
 * hidden, or another tab selected): what a view would draw there is thrown
 * away, and drawing it costs every keystroke on a large document. A view
 * asks `hidden()` before rendering; when it was hidden, it is rendered once
 * it shows again (a ResizeObserver sees its element get a size).
 */
export class WhenShown {
  /** Every view watched now, so a tab switch can draw the one it reveals at once. */
  private static readonly watching = new Set<WhenShown>();

  /**
   * Renders, at once, every view that was skipped while hidden and shows now
   * (called right after a tab or the panel is revealed, so its content is
   * there in the same task rather than a frame later).
   */
  static renderRevealed(): void {
    for (const view of WhenShown.watching) view.renderIfRevealed();
  }

  private stale = false;
  private readonly observer: ResizeObserver | null;

  constructor(
    private readonly element: HTMLElement,
    private readonly render: () => void,
  ) {
    this.observer =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => this.renderIfRevealed())
        : null;
    this.observer?.observe(element);
    WhenShown.watching.add(this);
  }

  /** True (and the view is rendered once it shows) if the view does not show now; false if it should render. */
  hidden(): boolean {
    if (this.observer === null || this.visible()) return false;
    this.stale = true;
    return true;
  }

  /**
   * True if the view was found hidden at its last `hidden()` check and has
   * not shown since (it is rendered when it shows): a cheap test, without
   * layout, for a view to skip even scheduling a render.
   */
  knownHidden(): boolean {
    return this.stale;
  }

  /** Stops watching the element. */
  dispose(): void {
    this.observer?.disconnect();
    WhenShown.watching.delete(this);
  }

  private renderIfRevealed(): void {
    if (this.stale && this.visible()) {
      this.stale = false;
      this.render();
    }
  }

  private visible(): boolean {
    return this.element.isConnected && this.element.getClientRects().length > 0;
  }
}
