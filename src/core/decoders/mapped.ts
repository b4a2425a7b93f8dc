// Builds a decoded buffer together with its offset map back to the encoded text.
export class MappedWriter {
  private bytes: number[] = [];
  private offsets: number[] = [];

  get length(): number {
    return this.bytes.length;
  }

  push(byte: number, from: number): void {
    this.bytes.push(byte);
    this.offsets.push(from);
  }

  pushRange(src: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) this.push(src[i]!, i);
  }

  finish(end: number): { data: Buffer; map: Int32Array } {
    const map = new Int32Array(this.offsets.length + 1);
    map.set(this.offsets);
    map[this.offsets.length] = end;
    return { data: Buffer.from(this.bytes), map };
  }
}
