import { describe, expect, it } from 'vitest';
import { saveLabel, showsSaveLabelAtOnce } from '../../../renderer/src/ui/save-label';

describe('the status bar’s save label', () => {
  it('waits before turning “Saved” into “Saving…”, and shows everything else at once', () => {
    const saving = saveLabel('saving', 'online');
    expect(saving.text).toBe('Saving…');
    expect(showsSaveLabelAtOnce('Saved', saving)).toBe(false);
    expect(showsSaveLabelAtOnce('Connecting…', saving)).toBe(true);
    expect(showsSaveLabelAtOnce('Saving…', saveLabel('saved', 'online'))).toBe(true);
    expect(showsSaveLabelAtOnce('Saved', saveLabel('refused', 'online'))).toBe(true);
    expect(showsSaveLabelAtOnce('Saved', saveLabel('unsent', 'offline'))).toBe(true);
  });
});
