// One progress line on stderr, rewritten in place on a terminal; plain lines (at most one every
// ~10 % of the work) when stderr is a file or a pipe, so logs stay readable.

const started = Date.now();

export function elapsed(): string {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export interface Progress {
  /** `done` of `total` units of the current step. */
  tick(done: number, total: number): void;
  end(note?: string): void;
}

export function progress(label: string): Progress {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  let lastDraw = 0;
  const line = (text: string) => `[${elapsed()}] ${label} ${text}`;
  if (!tty) process.stderr.write(`${line('…')}\n`);
  return {
    tick(done, total) {
      const share = total > 0 ? done / total : 0;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 20;
        const filled = Math.round(share * width);
        process.stderr.write(`\r\x1b[2K${line(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)}`);
        return;
      }
      const decile = Math.floor(share * 10);
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile;
        process.stderr.write(`${line(`${done}/${total}`)}\n`);
      }
    },
    end(note = 'done') {
      process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${line(note)}\n`);
    },
  };
}

/** A plain status line (section starts, notes), also on stderr. */
export function say(text: string): void {
  process.stderr.write(`[${elapsed()}] ${text}\n`);
}
