import { CHANGE_KIND_NOUNS, type TargetLabel } from '../../../shared/comments/target-labels';
import { el, partyDot } from '../base/dom';

/**
 * The heading line of a group of threads: "Point 7 · Armed forces" for a
 * clause; a party chip, the kind and the clause for a change.
 */
export function renderTargetHeading(label: TargetLabel): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const change = label.change;
  if (label.target.type === 'change') {
    if (change) {
      parts.push(
        el('span', { class: 'party-chip', attrs: { 'data-party': change.partyId }, title: change.partyName }, [
          partyDot(change.partyId, change.partyName),
          change.partyCode,
        ]),
        el('span', { class: 'target-kind', text: CHANGE_KIND_NOUNS[change.kind] }),
      );
      if (change.status !== 'proposed') parts.push(el('span', { class: `target-status is-${change.status}`, text: change.status }));
    } else {
      parts.push(el('span', { class: 'target-kind', text: 'Change (not in this document)' }));
    }
  }
  if (label.point !== '') parts.push(el('span', { class: 'target-point', text: label.point }));
  if (label.summary !== '') parts.push(el('span', { class: 'target-summary', text: label.summary }));
  return parts;
}
