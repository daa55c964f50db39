/**
 * Group commit: work items that arrive while earlier ones are being done wait, and are then
 * done together, as one batch (for booking requests: one transaction, see
 * `BookingRequestsService.decideSingles`).
 *
 * - An item arriving while fewer than `inFlight` batches run starts a batch at once (a batch
 *   of one when nothing else is going on): no added latency at low load.
 * - Otherwise it waits in arrival order; when a batch ends, the waiting items, up to
 *   `maxSize`, become the next batch. (Booking requests keep one in flight: with two, the
 *   batches halved and their COMMITs waited for each other — bench/README.md, stop 21.)
 * - `run` answers every item of a batch, in order, with its own outcome; it must not reject
 *   (an item's own failure is its outcome). Should it reject anyway, every item of the batch
 *   is answered with that error: no item is ever left waiting.
 */
export class GroupCommit<T, R> {
  private readonly waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] =
    [];
  private running = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: {
      /** Items per batch at most; 1 switches grouping off (every item its own batch). */
      maxSize: number;
      /** Batches running at once at most. */
      inFlight: number;
      /** Told the size of every batch that starts (for the metrics). */
      started?: (size: number) => void;
    },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    // With grouping off, as many batches of one as there are items: today's behaviour.
    const limit = this.options.maxSize > 1 ? this.options.inFlight : Infinity;
    while (this.running < limit && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxSize);
      this.running += 1;
      this.options.started?.(batch.length);
      // The next batch starts before this one's items are answered: its first query is on
      // its way to the database while this process writes the answers (setImmediate: after
      // the pending I/O callbacks, by when that query has been sent).
      const settle = (answer: () => void) => {
        this.running -= 1;
        this.next();
        setImmediate(answer);
      };
      this.run(batch.map((entry) => entry.item)).then(
        (results) => settle(() => batch.forEach((entry, i) => entry.resolve(results[i]))),
        (error: unknown) => settle(() => batch.forEach((entry) => entry.reject(error))),
      );
    }
  }
}
