/** A measure with the reasons that produced it, each citing its inputs, so a user can check it by hand. */
export interface Explained<T> {
  value: T;
  why: string[];
}

/** One decimal, for hours and gaps as the cards show them. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;
