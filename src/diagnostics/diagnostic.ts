import type { DiagnosticCode } from './codes.js';

/** How bad a problem is: errors fail the build, warnings are reported (and fail it under `--strict`). */
export type Severity = 'error' | 'warning';

/**
 * One problem found in the author's content, in the shape every stage reports.
 * Stages collect these instead of throwing, so a build reports every problem at once.
 */
export interface Diagnostic {
  severity: Severity;
  /** Permanent code from the catalogue in `codes.ts`; safe to search for. */
  code: DiagnosticCode;
  /** Path of the file at fault, relative to the site root where possible. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file`. */
  column?: number;
  /** What is wrong, in the author's terms. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** A few lines of the file around `line`, with a caret under `column`. */
  frame?: string;
}

/** Where a diagnostic points. */
export interface Place {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** Builds a diagnostic, dropping absent optional fields (the type forbids `undefined` values). */
export function diagnostic(
  severity: Severity,
  code: DiagnosticCode,
  place: Place | undefined,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { severity, code, message };
  if (place) {
    d.file = place.file;
    if (place.line !== undefined) d.line = place.line;
    if (place.column !== undefined) d.column = place.column;
  }
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** True when any diagnostic fails the build (warnings count under `strict`). */
export function hasErrors(diagnostics: readonly Diagnostic[], strict = false): boolean {
  return diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}

/**
 * Thrown by a stage that cannot go on at all (for example, an unreadable config file).
 * Per-post problems are returned as diagnostics instead, so other posts are still checked.
 */
export class ContentError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'ContentError';
    this.diagnostics = diagnostics;
  }
}

/** A mistake in how the command was called (exit code 2), as opposed to a content error. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
