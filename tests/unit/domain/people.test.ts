import { describe, expect, it } from 'vitest';
import { initialsOf, NO_PEOPLE, peopleOf, People } from '../../../shared/domain/people';
import type { Member, Party } from '../../../shared/domain/types';

// Illustrative people, our own.
const parties: Party[] = [
  { id: 'p-ru', name: 'Russia', code: 'RU', colour: '#b03a2e' },
  { id: 'p-us', name: 'United States', code: 'US', colour: '#1f5fa8' },
];
const members: Member[] = [
  { id: 'm-anna', name: 'Anna Volkova', partyId: 'p-ru', role: 'suggester' },
  { id: 'm-dana', name: 'Dana Whitfield', partyId: 'p-us', role: 'lead' },
];

describe('people: the one lookup of parties and members', () => {
  const people = new People({ parties, members });

  it('finds parties and members by id', () => {
    expect(people.party('p-us')?.code).toBe('US');
    expect(people.member('m-anna')?.partyId).toBe('p-ru');
    expect(people.memberName('m-dana')).toBe('Dana Whitfield');
    expect(people.partyName('p-ru')).toBe('Russia');
    expect(people.partyCode('p-ru')).toBe('RU');
  });

  it('names an unknown id the same way everywhere, never by its id', () => {
    expect(people.party('p-gone')).toBeUndefined();
    expect(people.memberName('m-gone')).toBe('Unknown member');
    expect(people.partyName('p-gone')).toBe('Unknown party');
    expect(people.partyCode('p-gone')).toBe('?');
    expect(NO_PEOPLE.memberName('m-anna')).toBe('Unknown member');
  });

  it('names authors as a redline does', () => {
    expect(people.author('m-anna', 'p-ru')).toBe('Anna Volkova (Russia)');
    expect(people.memberWithParty('m-dana')).toBe('Dana Whitfield (United States)');
    expect(people.memberWithParty('m-gone')).toBe('Unknown member');
    expect(people.initials('m-anna')).toBe('AV');
    expect(initialsOf('Jean-Luc de la Fontaine Picard')).toBe('JDL');
    expect(initialsOf('— 42')).toBe('?');
  });

  it('builds the lookup once per workspace object, and nobody for none', () => {
    const workspace = { parties, members };
    expect(peopleOf(workspace)).toBe(peopleOf(workspace));
    expect(peopleOf({ parties, members })).not.toBe(peopleOf(workspace));
    expect(peopleOf(null)).toBe(NO_PEOPLE);
    expect(peopleOf(null).members).toEqual([]);
  });
});
