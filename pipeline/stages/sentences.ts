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
const compiled = new Map<string, RegExp>();

function sentencePattern(terminators: RegExp): RegExp {
  const cls = terminators.source.replace(/^\[|\]$/g, "");
  let re = compiled.get(cls);
  if (!re) {
    re = new RegExp(`[^${cls}\\n]+(?:[${cls}]+|\\n|$)`, "g");
    compiled.set(cls, re);
  }
  return re;
}

/** Sentence spans in [from, to); `terminators` is a one-character class such as /[。！？]/. */
export function splitSentences(text: string, from = 0, to = text.length, terminators: RegExp = DEFAULT_TERMINATORS): SentenceSpan[] {
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const out: SentenceSpan[] = [];
  const re = sentencePattern(terminators);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(window)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    // trim leading spaces (JuDGE joins paragraphs with one space)
    let s = m.index;
    while (s < m.index + m[0].length && window.charCodeAt(s) === 0x20) s++;
    if (s < m.index + m[0].length) out.push({ start: from + s, end: from + m.index + m[0].length });
  }
  return out;
}
