// A small interpreter of TextMate grammars, enough for editors/nn.tmLanguage.json: `match` rules
// with `captures`, `begin`/`end` rules (with `beginCaptures`, `endCaptures` and inner `patterns`,
// which may span lines), `include` of `#repository` entries and of `$self`, and rules that only
// group `patterns`. It follows the TextMate scanning rule: at each position, the pattern whose
// match starts first wins, ties go to the earlier pattern, and an open rule's `end` is tried
// before its inner patterns. Regular expressions run as JavaScript ones, so the grammar must keep
// to the syntax both engines share (which this interpreter enforces by compiling every pattern).

export interface GrammarRule {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly captures?: Readonly<Record<string, { readonly name?: string }>>;
  readonly beginCaptures?: Readonly<Record<string, { readonly name?: string }>>;
  readonly endCaptures?: Readonly<Record<string, { readonly name?: string }>>;
  readonly patterns?: readonly GrammarRule[];
  readonly include?: string;
}

export interface Grammar {
  readonly scopeName: string;
  readonly patterns: readonly GrammarRule[];
  readonly repository?: Readonly<Record<string, GrammarRule>>;
}

/** One line's scopes, one array per character (outermost first; the root scope included). */
export type LineScopes = string[][];

interface Compiled {
  readonly rule: GrammarRule;
  readonly re: RegExp; // match or begin
  readonly end?: RegExp;
  readonly inner?: readonly Compiled[];
}

function compileRegex(source: string): RegExp {
  // Oniguruma-only constructs JavaScript would misread: possessive and atomic groups, \h, \A, \z, \G.
  if (/\(\?>|\\[hAzZG]|[*+?]\+/.test(source)) throw new Error(`pattern uses Oniguruma-only syntax: ${source}`);
  return new RegExp(source, 'gd');
}

export class Tokenizer {
  private readonly root: readonly Compiled[];
  private readonly cache = new Map<GrammarRule, Compiled[]>();

  constructor(private readonly grammar: Grammar) {
    this.root = this.compileList(grammar.patterns);
  }

  private resolve(rule: GrammarRule, seen: Set<string> = new Set()): GrammarRule[] {
    if (rule.include !== undefined) {
      if (rule.include === '$self' || rule.include === '$base') return [...this.grammar.patterns].flatMap((r) => this.resolve(r, seen));
      if (!rule.include.startsWith('#')) throw new Error(`unsupported include '${rule.include}'`);
      const key = rule.include.slice(1);
      const target = this.grammar.repository?.[key];
      if (!target) throw new Error(`include of unknown repository entry '${rule.include}'`);
      if (seen.has(key)) return [];
      return this.resolve(target, new Set([...seen, key]));
    }
    if (rule.match === undefined && rule.begin === undefined) return (rule.patterns ?? []).flatMap((r) => this.resolve(r, seen));
    return [rule];
  }

  private compileList(rules: readonly GrammarRule[]): Compiled[] {
    return rules.flatMap((r) => this.resolve(r)).map((rule) => this.compileRule(rule));
  }

  private compileRule(rule: GrammarRule): Compiled {
    if (rule.match !== undefined) return { rule, re: compileRegex(rule.match) };
    if (rule.end === undefined) throw new Error(`begin rule without end: ${rule.begin}`);
    const self: { rule: GrammarRule; re: RegExp; end: RegExp; inner?: Compiled[] } = { rule, re: compileRegex(rule.begin!), end: compileRegex(rule.end) };
    // Inner patterns compiled lazily (they may include the rule itself).
    Object.defineProperty(self, 'inner', {
      get: () => {
        let c = this.cache.get(rule);
        if (!c) this.cache.set(rule, (c = this.compileList(rule.patterns ?? [])));
        return c;
      },
    });
    return self as Compiled;
  }

  /** Scopes of every character of every line of `text`. */
  tokenize(text: string): LineScopes[] {
    const stack: Compiled[] = []; // open begin/end rules
    return text.split('\n').map((line) => this.line(line, stack));
  }

  private line(line: string, stack: Compiled[]): LineScopes {
    const scopes: LineScopes = Array.from({ length: line.length }, () => []);
    const base = (): string[] => [this.grammar.scopeName, ...stack.map((c) => c.rule.name).filter((n): n is string => n !== undefined)];
    const paint = (from: number, to: number, names: readonly string[]): void => {
      for (let i = from; i < to; i++) scopes[i] = [...names];
    };
    const paintCaptures = (m: RegExpExecArray, caps: GrammarRule['captures'], outer: readonly string[]): void => {
      if (!caps) return;
      const idx = m.indices!;
      for (const [k, v] of Object.entries(caps)) {
        const span = idx[Number(k)];
        if (!span || !v.name) continue;
        for (let i = span[0]; i < span[1]; i++) scopes[i] = [...(Number(k) === 0 ? outer : scopes[i]!), v.name];
      }
    };
    let pos = 0;
    let guard = 0;
    while (pos < line.length) {
      if (++guard > 10_000) throw new Error(`tokenizer does not advance on: ${line}`);
      const top = stack.at(-1);
      const candidates: { re: RegExp; kind: 'end' | 'rule'; c: Compiled }[] = [];
      if (top) candidates.push({ re: top.end!, kind: 'end', c: top });
      for (const c of top ? top.inner! : this.root) candidates.push({ re: c.re, kind: 'rule', c });
      let best: { m: RegExpExecArray; kind: 'end' | 'rule'; c: Compiled } | null = null;
      for (const cand of candidates) {
        cand.re.lastIndex = pos;
        const m = cand.re.exec(line);
        if (m && (best === null || m.index < best.m.index)) best = { m, kind: cand.kind, c: cand.c };
      }
      if (!best) {
        paint(pos, line.length, base());
        break;
      }
      const { m, kind, c } = best;
      const start = m.index;
      const stop = start + m[0].length;
      paint(pos, start, base());
      if (kind === 'end') {
        const outer = base();
        paint(start, stop, outer);
        paintCaptures(m, c.rule.endCaptures ?? c.rule.captures, outer);
        stack.pop();
      } else if (c.rule.match !== undefined) {
        const outer = [...base(), ...(c.rule.name ? [c.rule.name] : [])];
        paint(start, stop, outer);
        paintCaptures(m, c.rule.captures, outer);
      } else {
        stack.push(c);
        const outer = base();
        paint(start, stop, outer);
        paintCaptures(m, c.rule.beginCaptures ?? c.rule.captures, outer);
      }
      if (stop > pos) pos = stop;
      else if (kind === 'rule' && c.rule.match !== undefined) {
        // An empty match: step over one character so scanning always advances.
        pos++;
      }
    }
    // Rules whose end matches at the end of the line (`$`) close here.
    for (let top = stack.at(-1); top; top = stack.at(-1)) {
      top.end!.lastIndex = line.length;
      const m = top.end!.exec(line);
      if (!m || m.index !== line.length) break;
      stack.pop();
    }
    return scopes;
  }
}

/** The innermost scope of each run of equal scopes on a line, for readable failure messages. */
export function describeLine(line: string, scopes: LineScopes): string {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    let j = i + 1;
    while (j < line.length && scopes[j]!.join(' ') === scopes[i]!.join(' ')) j++;
    const text = line.slice(i, j);
    if (text.trim()) out.push(`${JSON.stringify(text)} ${scopes[i]!.slice(1).join(' ') || '-'}`);
    i = j;
  }
  return out.join('\n');
}
