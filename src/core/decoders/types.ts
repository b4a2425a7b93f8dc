// A decoded view of part of a scanned buffer.
export type Encoding = 'base64' | 'url' | 'hex' | 'escaped';

export interface Decoded {
  kind: Encoding;
  /** Decoded bytes to scan. */
  data: Buffer;
  /** Span of the encoded text in the scanned buffer (byte offsets). */
  start: number;
  end: number;
  /** Decoded offset -> scanned-buffer offset (length data.length + 1); absent: every offset maps to the span. */
  map?: Int32Array;
}
