// How the commands print: fixed-width tables, dates, counts, and progress on stderr.

export const pad = (value: unknown, width: number) => String(value ?? '').slice(0, width).padEnd(width);
/** An ISO time as `2026-11-03 08:00` (`width` 19 keeps the seconds); `-` for none. */
export const when = (value: string | null | undefined, width = 16) => value?.slice(0, width).replace('T', ' ') ?? '-';
export const count = (value: number) => value.toLocaleString('en-US');
export const rate = (done: number, seconds: number) => (seconds > 0 ? Math.round(done / seconds) : done);
/** An ID or --limit as typed: a positive whole number, refused before anything is asked. */
export const positiveNumber = /^[1-9]\d{0,15}$/;

/** A progress line on stderr, only when stderr is a terminal: nothing at all in a pipe or a file. */
export function progress(label: string): { update(done: number, total: number): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(done, total) {
      if (!tty) return;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

/** A count of rows on stderr, only when stderr is a terminal, at most a few times a second. */
export function counter(label: string): { add(rows: number): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let rows = 0;
  let shownAt = 0;
  const show = () => {
    process.stderr.write(`\r${label}: ${rows.toLocaleString('en-US')} rows`);
    shownAt = Date.now();
  };
  return {
    add(added) {
      rows += added;
      if (tty && Date.now() - shownAt >= 200) show();
    },
    end() {
      if (!tty) return;
      show();
      process.stderr.write('\n');
    },
  };
}
