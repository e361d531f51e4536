// The median of a column of numbers (no NaN) by selection, not by sorting it: a report takes the
// median of every group at every horizon (hundreds of thousands of returns each on a large run),
// where a sort's n log n was most of `evaluate`'s time. The k-th smallest value is exact whichever
// way it is found, so the result is the same number a sort gives (−0 and +0 are one value here, as
// they are to `<`; the returns a report takes a median of never hold −0: see score-run.ts `flip`).

/** Median of `values` (NaN-free); the array is reordered. NaN for none. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const middle = n >> 1;
  const upper = select(values, middle);
  if (n % 2 === 1) return upper;
  // Below the k-th after selection lie the smaller values: the largest of them is the (k−1)-th.
  let lower = values[0];
  for (let i = 1; i < middle; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/**
 * Places the k-th smallest value (0-based) at index k, the values before it no larger and those
 * after no smaller, and returns it (Hoare's selection with a median-of-three pivot; a slice that
 * stops shrinking fast is finished by a sort, so sorted or adversarial input cannot go quadratic).
 */
function select(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  let budget = 2 * Math.ceil(Math.log2(values.length + 1)) + 8;
  while (right > left) {
    if (budget-- === 0 || right - left < 16) {
      const sorted = values.subarray(left, right + 1).sort();
      values.set(sorted, left);
      return values[k];
    }
    const pivot = medianOfThree(values[left], values[(left + right) >> 1], values[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    // [left, j] <= pivot <= [i, right]; between them, values equal to the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k];
  }
  return values[k];
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
