import { uuidv4 } from 'lib0/random';

/** The Web Crypto API's UUID generator where the host has one (a browser's secure context, Electron, Node ≥ 19). */
const randomUUID = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID?.bind((globalThis as { crypto?: object }).crypto);

/**
 * A new globally unique id (UUID v4). Ids made on different replicas never
 * collide, so change marks and records can be created offline. Made by the
 * platform's `crypto.randomUUID` where there is one (one call, where lib0's
 * `uuidv4` draws a random number per hex digit, ≈ 30 calls: the suggestion
 * engine makes an id per keystroke), else by lib0.
 */
export function newId(): string {
  return randomUUID !== undefined ? randomUUID() : uuidv4();
}
