import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { alternativesMap, bracketsMap } from '../../shared/negotiation/bracket-records';
import { contentFragment } from '../../shared/ydoc/layout';
import { mustSuggest } from './tracked-text';

/**
 * The update policy's check that a proposed alternative's words (text under
 * an `alternative` mark whose record is not the bracketed words themselves)
 * are changed outright only by a member of the alternative's party. The
 * tracked-text rule leaves those words out of the original text, since the
 * alternative's record is the proposal; without this rule a member of
 * another party could then rewrite them untracked. Everyone else edits them
 * in suggestion mode (an insertion mark adds nothing to the words read here,
 * a deletion mark keeps them). Leads edit untracked anyway.
 *
 * Only clauses that hold a bracket (the clause ids of the bracket records)
 * are read, before and after the update.
 */

/** The words of each proposed alternative, outside insertion marks, by alternative id. */
function proposedAlternativeWords(doc: Y.Doc): Map<string, string> {
  const proposed = new Set<string>();
  alternativesMap(doc).forEach((record, id) => {
    if (record instanceof Y.Map && record.get('existing') === false) proposed.add(id);
  });
  const out = new Map<string, string>();
  if (proposed.size === 0) return out;
  const clauseIds = new Set<string>();
  bracketsMap(doc).forEach((record) => {
    if (record instanceof Y.Map && typeof record.get('clauseId') === 'string') clauseIds.add(record.get('clauseId') as string);
  });
  const readText = (text: Y.XmlText) => {
    const alts = new Map<string, string>();
    const insertions = new Set<string>();
    for (let item = text._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (content.key === 'insertion' || content.key.startsWith('insertion--')) {
          if (content.value === null) insertions.delete(content.key);
          else insertions.add(content.key);
        } else if (content.key === 'alternative' || content.key.startsWith('alternative--')) {
          const alt = content.value !== null && typeof content.value === 'object' ? (content.value as Record<string, unknown>)['alt'] : undefined;
          if (typeof alt === 'string' && proposed.has(alt)) alts.set(content.key, alt);
          else alts.delete(content.key);
        }
      } else if (content instanceof Y.ContentString && insertions.size === 0) {
        for (const alt of alts.values()) out.set(alt, (out.get(alt) ?? '') + content.str);
      }
    }
  };
  const walk = (node: Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) readText(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  for (const clause of contentFragment(doc).toArray()) {
    if (clause instanceof Y.XmlElement && clauseIds.has(String(clause.getAttribute('id') ?? ''))) walk(clause);
  }
  return out;
}

/** Reads the proposed alternatives' words before an update by `identity`; `finish` compares them after it. */
export function watchAlternativeWords(doc: Y.Doc, identity: Identity | null): { finish(): string | null } {
  if (!mustSuggest(identity) || alternativesMap(doc).size === 0) return { finish: () => null };
  const before = proposedAlternativeWords(doc);
  return {
    finish() {
      const after = proposedAlternativeWords(doc);
      for (const altId of new Set([...before.keys(), ...after.keys()])) {
        if (before.get(altId) === after.get(altId)) continue;
        const record = alternativesMap(doc).get(altId);
        const partyId = record instanceof Y.Map ? record.get('partyId') : undefined;
        if (partyId !== identity!.party.id) {
          return `${identity!.member.name} (${identity!.party.name}) may change another party’s alternative only as tracked suggestions (alternative ${altId})`;
        }
      }
      return null;
    },
  };
}
