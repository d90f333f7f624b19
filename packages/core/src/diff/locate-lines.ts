import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { escapePointerToken, pointerTokens } from '../spec/pointer';

/**
 * The 1-based line of each JSON pointer that exists in a spec file's text (the line of its key,
 * or of the value for array items), found in one pass. JSON is scanned by hand, skipping every
 * subtree no wanted pointer enters: GitHub's 13 MB spec takes tens of milliseconds, where a
 * YAML parse with positions takes seconds. YAML goes through the `yaml` parser once. Runs after
 * the loader accepted the file, so its limits (nesting, aliases) already hold.
 */
export function locateLines(text: string, pointers: Iterable<string>): Map<string, number> {
  const wanted = new Set(pointers);
  if (wanted.size === 0) return new Map();
  if (/^\s*[{[]/.test(text)) {
    try {
      return new JsonScanner(text, wanted).scan();
    } catch {
      // Not JSON after all (YAML flow style): fall through.
    }
  }
  return locateInYaml(text, wanted);
}

function locateInYaml(text: string, wanted: ReadonlySet<string>): Map<string, number> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: true });
  const found = new Map<string, number>();
  for (const pointer of wanted) {
    let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
    let anchor: YamlNode | null | undefined = node;
    for (const token of pointerTokens(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
        node = pair?.value as YamlNode | null | undefined;
        anchor = pair?.key as YamlNode | undefined;
        if (!pair) break;
      } else if (isSeq(node)) {
        node = node.items[Number(token)] as YamlNode | undefined;
        anchor = node;
        if (node === undefined) break;
      } else {
        anchor = undefined;
        break;
      }
    }
    if (anchor?.range) found.set(pointer, lineCounter.linePos(anchor.range[0]).line);
  }
  return found;
}

class JsonScanner {
  private i = 0;
  private line = 1;
  private readonly found = new Map<string, number>();
  /** Every prefix of a wanted pointer: subtrees outside them are skipped. */
  private readonly prefixes = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly wanted: ReadonlySet<string>,
  ) {
    for (const pointer of wanted) {
      let prefix = '';
      this.prefixes.add('');
      for (const token of pointerTokens(pointer)) {
        prefix += `/${escapePointerToken(token)}`;
        this.prefixes.add(prefix);
      }
    }
  }

  scan(): Map<string, number> {
    this.whitespace();
    this.value('');
    return this.found;
  }

  private value(pointer: string): void {
    if (!this.prefixes.has(pointer)) return this.skipValue();
    const c = this.text[this.i];
    if (c === '{') this.object(pointer);
    else if (c === '[') this.array(pointer);
    else this.skipValue();
  }

  private object(pointer: string): void {
    this.i++; // {
    this.whitespace();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      const line = this.line;
      const key = this.string();
      const child = `${pointer}/${escapePointerToken(key)}`;
      if (this.wanted.has(child)) this.found.set(child, line);
      this.whitespace();
      this.expect(':');
      this.whitespace();
      this.value(child);
      this.whitespace();
      if (this.text[this.i] === ',') {
        this.i++;
        this.whitespace();
        continue;
      }
      this.expect('}');
      return;
    }
  }

  private array(pointer: string): void {
    this.i++; // [
    this.whitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      const child = `${pointer}/${index}`;
      if (this.wanted.has(child)) this.found.set(child, this.line);
      this.value(child);
      this.whitespace();
      if (this.text[this.i] === ',') {
        this.i++;
        this.whitespace();
        continue;
      }
      this.expect(']');
      return;
    }
  }

  /** Skips one value of any kind, counting lines. */
  private skipValue(): void {
    const text = this.text;
    const c = text[this.i];
    if (c === '"') {
      this.skipString();
      return;
    }
    if (c !== '{' && c !== '[') {
      // A number, true, false or null: up to the next delimiter.
      for (;;) {
        const ch = text.charCodeAt(this.i);
        if (Number.isNaN(ch) || ch === 0x2c || ch === 0x7d || ch === 0x5d || ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) return;
        this.i++;
      }
    }
    let depth = 0;
    while (this.i < text.length) {
      const ch = text.charCodeAt(this.i);
      if (ch === 0x22 /* " */) {
        this.skipString();
        continue;
      }
      if (ch === 0x7b || ch === 0x5b) depth++;
      else if (ch === 0x7d || ch === 0x5d) {
        depth--;
        if (depth === 0) {
          this.i++;
          return;
        }
      } else if (ch === 0x0a) this.line++;
      this.i++;
    }
    throw new Error('unterminated JSON');
  }

  /** Moves past a string at the cursor (JSON strings hold no raw line breaks). */
  private skipString(): void {
    const text = this.text;
    let i = this.i + 1;
    for (;;) {
      const end = text.indexOf('"', i);
      if (end < 0) throw new Error('unterminated string');
      // Escaped when preceded by an odd number of backslashes.
      let slashes = 0;
      for (let j = end - 1; text.charCodeAt(j) === 0x5c; j--) slashes++;
      i = end + 1;
      if (slashes % 2 === 0) break;
    }
    this.i = i;
  }

  /** Reads a string at the cursor and returns its value. */
  private string(): string {
    const text = this.text;
    if (text[this.i] !== '"') throw new Error(`expected a string at ${this.i}`);
    const start = this.i;
    let escaped = false;
    this.i++;
    for (;;) {
      const ch = text.charCodeAt(this.i);
      if (Number.isNaN(ch)) throw new Error('unterminated string');
      if (ch === 0x5c /* \ */) {
        escaped = true;
        this.i += 2;
        continue;
      }
      this.i++;
      if (ch === 0x22) break;
    }
    const raw = text.slice(start, this.i);
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private whitespace(): void {
    const text = this.text;
    for (;;) {
      const ch = text.charCodeAt(this.i);
      if (ch === 0x0a) this.line++;
      else if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0d) return;
      this.i++;
    }
  }

  private expect(c: string): void {
    if (this.text[this.i] !== c) throw new Error(`expected ${c} at ${this.i}`);
    this.i++;
  }
}
