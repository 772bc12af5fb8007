/** The parts of `window` and `document` that `flushWhenHidden` listens to. */
export interface PageLifecycle {
  readonly window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  readonly document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: string };
}

/**
 * Calls `flush` when the page is hidden (another tab, a minimised window:
 * animation frames stop) or is being unloaded (`pagehide`), so edits
 * waiting for the next frame to be sent leave before the page may be
 * frozen or closed. Returns a function that stops listening.
 */
export function flushWhenHidden(flush: () => void, page: PageLifecycle = { window, document }): () => void {
  const onVisibility = (): void => {
    if (page.document.visibilityState === 'hidden') flush();
  };
  const onPageHide = (): void => flush();
  page.window.addEventListener('pagehide', onPageHide);
  page.document.addEventListener('visibilitychange', onVisibility);
  return () => {
    page.window.removeEventListener('pagehide', onPageHide);
    page.document.removeEventListener('visibilitychange', onVisibility);
  };
}
