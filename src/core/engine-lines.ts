// Byte offset -> 1-based line and column (UTF-16 units, as a JS string index would count) in a UTF-8 buffer.
// Built lazily: most buffers have no finding, so most never pay for it.

export class LineIndex {
  private readonly starts: number[] = [0];
  private scanned = 0;
  // Last answer, so offsets asked in increasing order on one long line cost only the bytes in between.
  private last = { line: -1, offset: 0, col: 0 };

  constructor(private readonly buf: Buffer) {}

  private extendTo(offset: number): void {
    while (this.scanned <= offset && this.scanned < this.buf.length) {
      const nl = this.buf.indexOf(10, this.scanned);
      if (nl === -1) {
        this.scanned = this.buf.length;
        break;
      }
      this.starts.push(nl + 1);
      this.scanned = nl + 1;
    }
  }

  /** [line, column], both 1-based, relative to the buffer start. */
  at(offset: number): [number, number] {
    this.extendTo(offset);
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const l = this.last;
    const col =
      l.line === lo && offset >= l.offset
        ? l.col + this.buf.toString('utf8', l.offset, offset).length
        : this.buf.toString('utf8', s[lo]!, offset).length + 1;
    this.last = { line: lo, offset, col };
    return [lo + 1, col];
  }
}
