import { absoluteTime, shortDate } from '../../../shared/comments/relative-time';
import { CHANGE_KIND_NOUNS } from '../../../shared/comments/target-labels';
import type { ChangeStatus } from '../../../shared/domain/types';
import type { ChangeSummary } from '../../../shared/suggest/change-summaries';
import { renderChangeText } from '../suggest/change-text-view';
import { el, partyDot } from '../base/dom';

const STATUS_WORDS: Readonly<Record<ChangeStatus, string>> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

function dated(text: string, iso: string): HTMLElement {
  return el('span', {}, [text, ' ', el('time', { text: shortDate(iso), title: absoluteTime(iso), attrs: { datetime: iso } })]);
}

/**
 * One change in a clause's history: party chip, kind and status; who
 * proposed it and when; what it says (`renderChangeText`); the rationale; who
 * decided it and when.
 */
export function renderChangeEntry(row: ChangeSummary, onOpen: (row: ChangeSummary) => void): HTMLElement {
  const head = el('div', { class: 'history-change-head' }, [
    el('span', { class: 'party-chip', attrs: { 'data-party': row.partyId }, title: row.partyName }, [
      partyDot(row.partyId, row.partyName),
      row.partyCode,
    ]),
    el('span', { class: 'target-kind', text: CHANGE_KIND_NOUNS[row.kind] }),
    el('span', { class: `target-status is-${row.status}`, text: STATUS_WORDS[row.status] }),
  ]);
  const byline = el('p', { class: 'history-byline' }, [
    dated(`Proposed by ${row.authorName} (${row.partyName}),`, row.createdAt),
  ]);
  const rationale =
    row.rationale.trim() !== ''
      ? el('blockquote', { class: 'history-rationale', text: row.rationale })
      : el('p', { class: 'history-rationale is-missing', text: 'No rationale given yet.' });
  const entry = el('li', {
    class: 'history-change',
    attrs: { 'data-change-id': row.id, 'data-party': row.partyId, 'data-status': row.status, tabindex: '0' },
    on: {
      click: () => onOpen(row),
      keydown: (event) => {
        if (event.key === 'Enter') onOpen(row);
      },
    },
  }, [head, byline]);
  entry.append(
    renderChangeText({
      kind: row.kind,
      text: row.text,
      ...(row.movedFrom !== undefined ? { movedFrom: row.movedFrom } : {}),
      ...(row.clauseNumbers[0] !== undefined ? { movedTo: row.clauseNumbers[0] } : {}),
    }),
  );
  entry.append(rationale);
  if (row.status !== 'proposed' && (row.decidedByName || row.decidedAt)) {
    const who = row.decidedByName ? `${STATUS_WORDS[row.status]} by ${row.decidedByName}` : STATUS_WORDS[row.status];
    entry.append(el('p', { class: 'history-decision' }, [row.decidedAt ? dated(`${who},`, row.decidedAt) : who]));
  }
  return entry;
}
