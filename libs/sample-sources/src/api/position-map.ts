/**
 * Known facts "exactly `position` matching records lie in indexes [0, index)"
 * for one filtered view of a collection. They let page/offset requests start
 * scanning near the wanted position instead of at index 0.
 */
export class PositionMap {
  private readonly positions: number[] = [0];
  private readonly indexes: number[] = [0];

  constructor(private readonly maxEntries = 100_000) {}

  /** The checkpoint with the largest position <= `position`. */
  floor(position: number): { position: number; index: number } {
    let lo = 0;
    let hi = this.positions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.positions[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return { position: this.positions[lo] as number, index: this.indexes[lo] as number };
  }

  /** Records a checkpoint; beyond `maxEntries` only coarse ones (multiples of 1024) are kept, bounding memory. */
  add(position: number, index: number): void {
    if (this.positions.length >= this.maxEntries && position % 1024 !== 0) return;
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.positions[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    if (this.positions[lo] === position) {
      // Any index between the position-th match and the next one is valid; the larger saves scanning.
      if ((this.indexes[lo] as number) < index) this.indexes[lo] = index;
      return;
    }
    this.positions.splice(lo, 0, position);
    this.indexes.splice(lo, 0, index);
  }

  get entries(): number {
    return this.positions.length;
  }
}
