import type { ColumnHeader } from './column-model';

/** "Russia · Sergei Volkov" for a column's party and author ('' for the working draft). */
export function columnByline(header: ColumnHeader): string {
  return [header.party, header.author].filter((s) => s !== '').join(' · ');
}

/** The column's date, yyyy-mm-dd. */
export function columnDate(header: ColumnHeader): string {
  return header.date.slice(0, 10);
}
