import { AppError, type FieldError } from '../../../platform/errors/index.js';

/**
 * Turns what each parser says about a syntax error into one AppError (`rdf.syntax`) whose field error
 * is the position (`line 12, column 7`), so an upload form can point at the place to fix.
 */

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

const syntaxError = (formatName: string, detail: string, position?: TextPosition): AppError => {
  const where = position ? `line ${position.line}, column ${position.column}` : undefined;
  const errors: FieldError[] = [{ path: where ?? 'document', message: detail }];
  return new AppError(
    'invalid',
    'rdf.syntax',
    where ? `${formatName} syntax error at ${where}: ${detail}` : `${formatName} error: ${detail}`,
    errors,
  );
};

interface N3Token {
  readonly line?: number;
  readonly start?: number;
  readonly end?: number;
}

interface N3ErrorContext {
  readonly line?: number;
  readonly token?: N3Token;
  readonly previousToken?: N3Token;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const n3Context = (error: unknown): N3ErrorContext | undefined => {
  if (!isRecord(error) || !isRecord(error.context)) return undefined;
  return error.context;
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * n3 reports the line, and the token it stopped at with offsets inside that line. When the lexer itself
 * fails there is no token, only the text it could not read (`Unexpected "<bad" on line 3.`): we look
 * for that text on the line, else just after the previous token.
 */
export const turtleSyntaxError = (error: unknown, text: string): AppError => {
  const message = messageOf(error);
  const context = n3Context(error);
  const lineFromMessage = /on line (\d+)/.exec(message)?.[1];
  const line = context?.line ?? (lineFromMessage ? Number(lineFromMessage) : undefined);
  const detail = message.replace(/ on line \d+\.?$/, '');
  if (line === undefined) return syntaxError('Turtle', detail);

  const lineText = text.split(/\r\n|\n|\r/)[line - 1] ?? '';
  let column: number | undefined;
  if (context?.token?.start !== undefined && context.token.line === line) {
    column = context.token.start + 1;
  } else {
    const snippet = /^Unexpected "(.*)"/.exec(detail)?.[1];
    const found = snippet ? lineText.indexOf(snippet) : -1;
    if (found >= 0) {
      column = found + 1;
    } else if (context?.previousToken?.end !== undefined && context.previousToken.line === line) {
      const after = context.previousToken.end;
      const skipped = /^\s*/.exec(lineText.slice(after))?.[0].length ?? 0;
      column = after + skipped + 1;
    }
  }
  return syntaxError('Turtle', detail, { line, column: column ?? 1 });
};

/** rdfxml-streaming-parser says `Line 4 column 18: …` (its own checks) or `4:18: …` (the XML parser). */
export const rdfXmlSyntaxError = (error: unknown): AppError => {
  const message = messageOf(error);
  const own = /^Line (\d+) column (\d+): ([\s\S]*)$/.exec(message);
  if (own?.[1] && own[2] && own[3] !== undefined) {
    return syntaxError('RDF/XML', own[3], { line: Number(own[1]), column: Number(own[2]) });
  }
  const sax = /^(\d+):(\d+): ([\s\S]*)$/.exec(message);
  if (sax?.[1] && sax[2] && sax[3] !== undefined) {
    return syntaxError('RDF/XML', sax[3], { line: Number(sax[1]), column: Number(sax[2]) });
  }
  return syntaxError('RDF/XML', message);
};

/** A position (character offset) in the text as a line and column, both counted from 1. */
export const positionAt = (text: string, offset: number): TextPosition => {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\n|\r/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
};

/** JSON.parse says `… at position 16`; we say where that is. */
export const jsonSyntaxError = (error: unknown, text: string): AppError => {
  const message = messageOf(error);
  const offset = /at position (\d+)/.exec(message)?.[1];
  const detail = message.replace(/ in JSON at position \d+.*$/, '');
  if (offset === undefined) return syntaxError('JSON-LD', `the document is not JSON: ${message}`);
  return syntaxError('JSON-LD', `the document is not JSON: ${detail}`, positionAt(text, Number(offset)));
};

/** jsonld.js wraps the real reason (for instance our refusal to fetch a context) in `details.cause`. */
export const jsonLdError = (error: unknown): AppError => {
  const message = messageOf(error);
  const details = isRecord(error) && isRecord(error.details) ? error.details : undefined;
  const cause = details && details.cause instanceof Error ? details.cause.message : undefined;
  return syntaxError('JSON-LD', cause ?? message);
};
