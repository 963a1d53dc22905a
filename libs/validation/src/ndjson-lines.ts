import { StringDecoder } from 'node:string_decoder';

/** One line of an NDJSON body: its 1-based number and text (without the line break). */
export interface NumberedLine {
  line: number;
  text: string;
}

/** Splits a byte/text stream into lines (LF or CRLF); a UTF-8 character split across chunks stays whole. */
export async function* ndjsonLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<NumberedLine> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let line = 0;
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      line += 1;
      yield { line, text: trimCr(rest.slice(start, nl)) };
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield { line: line + 1, text: trimCr(rest) };
}

const trimCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);
