// Builds a decoded buffer together with its offset map back to the encoded text (growable typed arrays).
export class MappedWriter {
  private bytes = new Uint8Array(256);
  private offsets = new Int32Array(256);
  length = 0;

  push(byte: number, from: number): void {
    if (this.length === this.bytes.length) {
      const b = new Uint8Array(this.length * 2);
      b.set(this.bytes);
      this.bytes = b;
      const o = new Int32Array(this.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    this.bytes[this.length] = byte;
    this.offsets[this.length++] = from;
  }

  finish(end: number): { data: Buffer; map: Int32Array } {
    const map = new Int32Array(this.length + 1);
    map.set(this.offsets.subarray(0, this.length));
    map[this.length] = end;
    return { data: Buffer.from(this.bytes.buffer, 0, this.length), map };
  }
}
