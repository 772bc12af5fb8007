import { describe, expect, it } from 'vitest';
import { flushWhenHidden } from '../../../renderer/src/sync/flush-on-hide';

function fakePage() {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  return { window: new EventTarget(), document: doc };
}

describe('flushWhenHidden', () => {
  it('flushes when the page is hidden or unloaded, not when it shows again', () => {
    const page = fakePage();
    let flushed = 0;
    const stop = flushWhenHidden(() => flushed++, page);
    page.document.visibilityState = 'hidden';
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(flushed).toBe(1);
    page.document.visibilityState = 'visible';
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(flushed).toBe(1);
    page.window.dispatchEvent(new Event('pagehide'));
    expect(flushed).toBe(2);
    stop();
    page.window.dispatchEvent(new Event('pagehide'));
    expect(flushed).toBe(2);
  });
});
