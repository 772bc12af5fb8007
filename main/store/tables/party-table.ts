import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import type { Party } from '../../../shared/domain/types';
import { foldCase, requireText } from '../input-checks';

const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Statements on the `parties` table. */
export class PartyTable {
  private readonly selectAll: Database.Statement<[], Party>;
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly update: Database.Statement<[string, string, string, string]>;
  private readonly selectKey: Database.Statement<[string], number>;
  /** Party id → integer key; parties are never removed, so entries never go stale. */
  private readonly keys = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.selectAll = db.prepare('SELECT id, name, code, colour FROM parties ORDER BY party_key');
    this.selectKey = db.prepare<[string], number>('SELECT party_key FROM parties WHERE id = ?').pluck();
    this.insert = db.prepare('INSERT INTO parties (id, name, code, colour) VALUES (?, ?, ?, ?)');
    this.update = db.prepare('UPDATE parties SET name = ?, code = ?, colour = ? WHERE id = ?');
  }

  /** All parties in the order they were added. */
  list(): Party[] {
    return this.selectAll.all();
  }

  /** Adds a party; `conflict` if its id, code or name (case-insensitive) is taken. */
  add(input: { id?: string; name: string; code: string; colour: string }): Party {
    const party: Party = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Party id'),
      name: requireText(input.name, 'Party name'),
      code: requireText(input.code, 'Party code', 16),
      colour: requireText(input.colour, 'Party colour'),
    };
    if (!COLOUR.test(party.colour)) {
      throw new DraftroomError('invalid-argument', `Party colour must look like #rrggbb (got "${party.colour}").`);
    }
    this.db
      .transaction(() => {
        for (const other of this.list()) {
          if (other.id === party.id) throw new DraftroomError('conflict', `A party with id ${party.id} already exists.`);
          if (foldCase(other.code) === foldCase(party.code)) {
            throw new DraftroomError('conflict', `The party code "${party.code}" is already used by ${other.name}.`);
          }
          if (foldCase(other.name) === foldCase(party.name)) {
            throw new DraftroomError('conflict', `A party named "${party.name}" already exists.`);
          }
        }
        this.insert.run(party.id, party.name, party.code, party.colour);
      })
      .immediate();
    return party;
  }

  /** Adds a party with this id, or updates its name, code and colour; `conflict` if another party has the code or name. */
  upsert(input: Party): Party {
    const existing = this.list().find((p) => p.id === input.id);
    if (existing === undefined) return this.add(input);
    const party: Party = {
      id: existing.id,
      name: requireText(input.name, 'Party name'),
      code: requireText(input.code, 'Party code', 16),
      colour: requireText(input.colour, 'Party colour'),
    };
    if (!COLOUR.test(party.colour)) {
      throw new DraftroomError('invalid-argument', `Party colour must look like #rrggbb (got "${party.colour}").`);
    }
    if (existing.name === party.name && existing.code === party.code && existing.colour === party.colour) return existing;
    this.db
      .transaction(() => {
        for (const other of this.list()) {
          if (other.id === party.id) continue;
          if (foldCase(other.code) === foldCase(party.code) || foldCase(other.name) === foldCase(party.name)) {
            throw new DraftroomError('conflict', `Another party already has the code "${party.code}" or the name "${party.name}".`);
          }
        }
        this.update.run(party.name, party.code, party.colour, party.id);
      })
      .immediate();
    return party;
  }

  /** The integer key the update log uses for a party, or undefined if there is no such party. */
  keyOf(partyId: string): number | undefined {
    const cached = this.keys.get(partyId);
    if (cached !== undefined) return cached;
    const key = this.selectKey.get(partyId);
    if (key !== undefined) this.keys.set(partyId, key);
    return key;
  }

  /** A party by id, then code, then name (both case-insensitive); undefined if none. */
  find(ref: string): Party | undefined {
    if (typeof ref !== 'string') return undefined;
    const parties = this.list();
    const byId = parties.find((p) => p.id === ref);
    if (byId) return byId;
    const key = foldCase(ref.trim());
    return parties.find((p) => foldCase(p.code) === key) ?? parties.find((p) => foldCase(p.name) === key);
  }
}
