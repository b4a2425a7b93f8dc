// A progress bar on stderr, only when stderr is a TTY and the scan runs longer than a moment.
export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = 'scanning', delayMs = 400) {
  const t0 = Date.now();
  let last = 0;
  let shown = false;
  const update = (done: number, total: number): void => {
    if (!stream.isTTY) return;
    const now = Date.now();
    if (now - t0 < delayMs || (now - last < 100 && done < total)) return;
    last = now;
    shown = true;
    const width = 30;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    stream.write(`\r${label} [${bar}] ${done}/${total || '?'}`);
  };
  const end = (): void => {
    if (shown && stream.isTTY) stream.write('\r\x1b[K');
  };
  return { update, end };
}
