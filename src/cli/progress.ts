// Progress of long CLI work (a million demo cards, a print batch of thousands, a backup) on standard
// error, so standard output stays what scripts read. On a terminal one line is redrawn as the work
// goes; elsewhere (a pipe, a log, a test) nothing is written unless LMA_PROGRESS=1, and then a line
// at each tenth and at the end, which reads well in a journal.

export interface Progress {
  /** `done` of the total are done. */
  update(done: number): void;
  /** The work is over (the last line is finished). */
  end(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { isTTY?: boolean; write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** Milliseconds since some start, for the elapsed time; performance.now by default. */
  now?: () => number;
}

const quiet: Progress = { update: () => {}, end: () => {} };

/** Whether progress is shown: on a terminal, or when LMA_PROGRESS=1 asks for it. */
export function progressWanted(options: ProgressOptions = {}): boolean {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  if (env.LMA_PROGRESS === '0') return false;
  return stream.isTTY === true || env.LMA_PROGRESS === '1';
}

/** A line per step with no total (backup, restore): "backup: reading the database…". */
export function step(label: string, what: string, options: ProgressOptions = {}): void {
  if (progressWanted(options)) (options.stream ?? process.stderr).write(`${label}: ${what}\n`);
}

/** Progress through `total` things called `unit` ("cards"). */
export function progress(
  label: string,
  total: number,
  unit: string,
  options: ProgressOptions = {},
): Progress {
  if (!progressWanted(options) || total <= 0) return quiet;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const tty = stream.isTTY === true;
  // Thousands grouped with a plain space, as Swedish writes them (not the locale's no-break space).
  const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  let lastTenth = -1;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let ended = false;
  const line = (done: number) => {
    const seconds = ((now() - started) / 1000).toFixed(1);
    return `${label}: ${grouped(done)} of ${grouped(total)} ${unit} (${Math.floor((done / total) * 100)} %, ${seconds} s)`;
  };
  return {
    update(done) {
      if (ended) return;
      if (tty) {
        // Redrawn at most ten times a second.
        if (now() - lastDraw < 100 && done < total) return;
        lastDraw = now();
        stream.write(`\r${line(done)}\u001b[K`);
        return;
      }
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        stream.write(`${line(done)}\n`);
      }
    },
    end() {
      if (ended) return;
      ended = true;
      stream.write(tty ? `\r${line(total)}\u001b[K\n` : `${line(total)}\n`);
    },
  };
}
