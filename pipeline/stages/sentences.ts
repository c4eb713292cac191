/**
 * Sentence spans of Chinese text. By default a sentence ends at 。！？ or ；(courts chain
 * findings with ；) or at a line break; callers that need whole sentences across ；pass their
 * own terminator class. Brackets are not tracked: result items nest 刑期 brackets that end in 。.
 */
export interface SentenceSpan {
  start: number;
  end: number;
}

const DEFAULT_TERMINATORS = /[。；;！!？?]/;

/**
 * Which code units a terminator class holds, learnt per unit on first sight (0 not yet known,
 * 1 terminator, 2 not): the split below is a plain loop over code units instead of one regex
 * match per sentence, and needs no table built for all 65,536 units up front.
 */
const TERMINATOR_TABLES = new Map<string, { test: RegExp; known: Uint8Array }>();

function terminatorTable(terminators: RegExp): { test: RegExp; known: Uint8Array } {
  const cls = terminators.source.replace(/^\[|\]$/g, "");
  let table = TERMINATOR_TABLES.get(cls);
  if (table === undefined) {
    table = { test: new RegExp(`^[${cls}]$`), known: new Uint8Array(0x10000) };
    TERMINATOR_TABLES.set(cls, table);
  }
  return table;
}

/**
 * Sentence spans in [from, to) (0 <= from, to <= text.length); `terminators` is a one-character
 * class such as /[。！？]/. A sentence is a run of other characters up to and including the run of
 * terminators after it, or a line break, or the end; leading spaces are not part of it.
 */
export function splitSentences(text: string, from = 0, to = text.length, terminators: RegExp = DEFAULT_TERMINATORS): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const { test, known } = terminatorTable(terminators);
  const isTerminator = (c: number): boolean => {
    if (known[c] === 0) known[c] = test.test(String.fromCharCode(c)) ? 1 : 2;
    return known[c] === 1;
  };
  const stop = Math.min(to, text.length);
  let i = from;
  while (i < stop) {
    // terminators and line breaks that follow no text start no sentence
    let c = text.charCodeAt(i);
    if (c === 0x0a || isTerminator(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < stop && (c = text.charCodeAt(j)) !== 0x0a && !isTerminator(c)) j++;
    let end = j;
    if (j < stop) {
      if (isTerminator(text.charCodeAt(j))) {
        while (end < stop && isTerminator(text.charCodeAt(end))) end++;
      } else {
        end = j + 1; // the line break
      }
    }
    // trim leading spaces (JuDGE joins paragraphs with one space)
    let s = i;
    while (s < end && text.charCodeAt(s) === 0x20) s++;
    if (s < end) out.push({ start: s, end });
    i = end;
  }
  return out;
}
