import type { Session } from './duckdb-session';

/** Collects aggregate expressions so one scan computes them all. */
export class AggregateQuery {
  private readonly exprs: string[] = [];

  /** Adds an aggregate and returns the key its value will have. */
  add(expr: string): string {
    const alias = `a${this.exprs.length}`;
    this.exprs.push(`${expr} AS ${alias}`);
    return alias;
  }

  get size(): number {
    return this.exprs.length;
  }

  async run(session: Session, from: string): Promise<Record<string, unknown>> {
    if (this.exprs.length === 0) return {};
    const [row] = await session.rows(`SELECT ${this.exprs.join(',\n ')} FROM ${from}`);
    return row ?? {};
  }
}
