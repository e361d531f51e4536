// The newest close of every bar series a bulk read asked for, side by side in one Float64Array
// (a board of cells). `getLatestCloses` over a universe of thousands of symbols otherwise chases
// a pointer chain per symbol (series, its arrays, the close) into memory last touched a step
// before: a cache miss or more each. Here a read is one pass over a dense array.
//
// A series takes a cell the first time a bulk read resolves it (`cellOf`) and from then on writes
// its newest close there itself, at every change of its newest bar (BarSeries keeps it, beside its
// newest time): the cell always equals `series.lastCloseOrNaN()`. A series gives its cell back
// when its symbol leaves the session (`release`); the cell is then given to the next series. Cell 0
// is never given out and stays NaN: the cell of "no series". A series belongs to one session's
// symbols (SymbolState.seriesOf), so to one board: the cell it holds is always this board's.

import { SlotPool } from "./slot-pool.js";

/** What a series needs to keep its cell: the board's values, which grow (see `values`). */
export interface CloseCellHolder {
  /** Takes `cell` of `board` and writes its newest close there. */
  attachCloseCell(board: LatestCloses, cell: number): void;
  /** Stops writing its cell; returns the cell it held (0 when none). */
  detachCloseCell(): number;
  /** The cell it holds, 0 when none. */
  readonly closeCell: number;
}

const INITIAL_CELLS = 64;

export class LatestCloses {
  /** The cells; replaced by a larger copy when they run out, so read it anew after `cellOf`. */
  values = new Float64Array(INITIAL_CELLS).fill(Number.NaN);
  private readonly cells = new SlotPool();

  constructor() {
    // Cell 0 is "no series": taken here, never given back.
    this.cells.take();
  }

  /** The cell of `series`, given it (and its close written there) on first asking. */
  cellOf(series: CloseCellHolder): number {
    if (series.closeCell > 0) return series.closeCell;
    const cell = this.cells.take();
    if (cell >= this.values.length) {
      const grown = new Float64Array(this.values.length * 2).fill(Number.NaN);
      grown.set(this.values);
      this.values = grown;
    }
    series.attachCloseCell(this, cell);
    return cell;
  }

  /** Takes back the cell of `series` (nothing when it holds none): it no longer writes there. */
  release(series: CloseCellHolder): void {
    const cell = series.detachCloseCell();
    if (cell <= 0) return;
    this.values[cell] = Number.NaN;
    this.cells.release(cell);
  }
}
