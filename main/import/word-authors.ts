import type { Identity } from '../../shared/domain/types';
import type { WorkspaceStoreApi } from '../store/store-types';

/**
 * Who a Word author is in the workspace: "Anna Volkova (Russia)" or "Anna
 * Volkova" → that member (and their party); "Russia" or "RU" → that party
 * (the importing member stands in as author); anyone else → the importing
 * member and party.
 */
export function wordAuthor(store: WorkspaceStoreApi, author: string, importer: Identity): { authorId: string; partyId: string } {
  const trimmed = author.trim();
  const hint = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(trimmed);
  const name = (hint ? hint[1]! : trimmed).toLowerCase();
  const member = name !== '' ? store.listMembers().find((m) => m.name.toLowerCase() === name) : undefined;
  if (member) return { authorId: member.id, partyId: member.partyId };
  for (const candidate of [trimmed, hint?.[2]]) {
    const party = candidate ? store.findParty(candidate) : undefined;
    if (party) return { authorId: importer.member.id, partyId: party.id };
  }
  return { authorId: importer.member.id, partyId: importer.party.id };
}
