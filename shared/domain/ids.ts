import { uuidv4 } from 'lib0/random';

/**
 * A new globally unique id (UUID v4). Ids made on different replicas never
 * collide, so change marks and records can be created offline.
 */
export function newId(): string {
  return uuidv4();
}
