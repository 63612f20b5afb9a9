import type { Problem } from '../../domain/index.js';

/** One input row of a homes import (a CSV record or a JSON array element), before validation. */
export interface ImportRow {
  /** 0-based position among the data rows. */
  readonly index: number;
  /** 1-based line of the file the row starts on. */
  readonly line: number;
  /** The home-shaped value to validate with HomeSchema. */
  readonly value: unknown;
  /** Name of the input field a schema path came from (a CSV column, or a dotted JSON path). */
  fieldOf(path: readonly (string | number)[]): string;
  /** The raw text of that field, where there is one (CSV), to quote in messages. */
  rawOf(path: readonly (string | number)[]): string | undefined;
}

/** A problem in an import, located by line and field as well as by path. */
export interface ImportProblem extends Problem {
  readonly line: number;
  readonly field: string;
}

/** The parsed file: rows to validate, plus problems found while reading (bad columns, field counts). */
export interface ParsedImport {
  readonly format: 'csv' | 'json';
  readonly rows: readonly ImportRow[];
  readonly problems: readonly ImportProblem[];
}
