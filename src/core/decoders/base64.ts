// base64 / base64url runs -> bytes, or undefined when the run is not plausibly encoded text.
import { looksTextual } from './text.ts';

export function decodeBase64(run: string): Buffer | undefined {
  let end = run.length;
  while (end > 0 && run.charCodeAt(end - 1) === 61) end--;
  if (end < 16 || end % 4 === 1) return undefined;
  // Each 4-char group of encoded ASCII starts with a sextet below 32: A-Z or a-f in both alphabets.
  let off = 0;
  for (let i = 0; i < end; i += 4) {
    const c = run.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 102))) off++;
  }
  if (off * 10 > end / 4) return undefined;
  let lower = false;
  let upper = false;
  let std = false;
  let url = false;
  let nonHex = false;
  for (let i = 0; i < end; i++) {
    const c = run.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c === 43 || c === 47) std = true;
    else if (c === 45 || c === 95) url = true;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) nonHex = true;
  }
  // Encoded text nearly always mixes cases; all-hex runs are left to the hex decoder.
  if (!lower || !upper || !nonHex || (std && url)) return undefined;
  const out = Buffer.from(run.slice(0, end), url ? 'base64url' : 'base64');
  return looksTextual(out) ? out : undefined;
}
