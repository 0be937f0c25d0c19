/** Lines that look like trouble, for "jump to first error". */
export const ERROR_LINE = /\[STDERR\]|\b(error|errors|failed|failure|exception|fatal|panic)\b/i

/** Lines a buffer keeps at most; older ones are dropped, and the panel says how many. */
export const DEFAULT_MAX_LINES = 200_000

/**
 * The lines of one run, in order, each exactly once. Lines are identified by their 1-based
 * number: a number already held is a duplicate and is dropped; one that skips ahead waits in
 * `pending` until the gap is filled. Memory is bounded: past `maxLines` the oldest lines go.
 */
export class LogBuffer {
  private lines: string[] = []
  /** Line number of lines[0]. */
  private first = 1
  private pending = new Map<number, string>()
  firstErrorLine: number | null = null
  /** Bumped on every change, for React to notice. */
  version = 0

  constructor(readonly maxLines = DEFAULT_MAX_LINES) {}

  /** Number of the last line held in order (0 when empty). */
  get lastLine() {
    return this.first + this.lines.length - 1
  }

  /** Number of the first line still in memory. */
  get firstLine() {
    return this.first
  }

  get size() {
    return this.lines.length
  }

  get dropped() {
    return this.first - 1
  }

  /** The lowest missing line number, when lines after a gap are waiting. */
  get gap(): { from: number; to: number } | null {
    if (this.pending.size === 0) return null
    let min = Infinity
    for (const n of this.pending.keys()) min = Math.min(min, n)
    return { from: this.lastLine + 1, to: min - 1 }
  }

  /** Line by its number, or undefined when not (or no longer) in memory. */
  line(lineNumber: number): string | undefined {
    return this.lines[lineNumber - this.first]
  }

  /** Line at index 0..size-1 of what is in memory. */
  at(index: number): string {
    return this.lines[index]
  }

  /** Adds one line; returns false when it was a duplicate. */
  add(lineNumber: number, text: string): boolean {
    const last = this.lastLine
    if (lineNumber <= last) return false
    if (lineNumber > last + 1) {
      if (this.pending.has(lineNumber)) return false
      // bound the wait list too: a gap that never fills must not grow without end
      if (this.pending.size >= this.maxLines) return false
      this.pending.set(lineNumber, text)
      return true
    }
    this.push(lineNumber, text)
    let next = lineNumber + 1
    while (this.pending.has(next)) {
      this.push(next, this.pending.get(next)!)
      this.pending.delete(next)
      next++
    }
    this.trim()
    this.version++
    return true
  }

  /** Adds many lines, e.g. a REST page or a frame's worth of events. */
  addAll(batch: { line_number: number; line: string }[]) {
    let added = 0
    for (const l of batch) if (this.add(l.line_number, l.line)) added++
    return added
  }

  /** Starts over at line `lineNumber` (after a reset or when older lines are not wanted). */
  startAt(lineNumber: number) {
    this.lines = []
    this.pending.clear()
    this.first = lineNumber
    this.version++
  }

  /** Line numbers containing `query` (case-insensitive), in order, at most `limit`. */
  search(query: string, limit = 10_000): number[] {
    if (!query) return []
    const q = query.toLowerCase()
    const hits: number[] = []
    for (let i = 0; i < this.lines.length && hits.length < limit; i++) {
      if (this.lines[i].toLowerCase().includes(q)) hits.push(this.first + i)
    }
    return hits
  }

  text(): string {
    return this.lines.join('\n')
  }

  private push(lineNumber: number, text: string) {
    this.lines.push(text)
    if (this.firstErrorLine === null && ERROR_LINE.test(text)) this.firstErrorLine = lineNumber
  }

  private trim() {
    // drop in slices of 10 % so trimming stays amortised O(1) per line
    if (this.lines.length <= this.maxLines + Math.floor(this.maxLines / 10)) return
    const drop = this.lines.length - this.maxLines
    this.lines.splice(0, drop)
    this.first += drop
  }
}
