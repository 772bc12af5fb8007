import type { Party } from './types';

/**
 * Colours for parties added in the app, each with at least 4.5:1 contrast on
 * white (Okabe–Ito hues, darkened, as the sample's), in the order they are
 * handed out.
 */
export const PARTY_COLOURS: readonly string[] = ['#0072b2', '#a66300', '#00795c', '#a8466f', '#6a3d9a', '#b3261e', '#005f73', '#5c6b00'];

/** The first colour of `PARTY_COLOURS` no party uses yet (after all eight, they repeat). */
export function nextPartyColour(parties: readonly Party[]): string {
  const used = new Set(parties.map((p) => p.colour.toLowerCase()));
  return PARTY_COLOURS.find((c) => !used.has(c)) ?? PARTY_COLOURS[parties.length % PARTY_COLOURS.length]!;
}
