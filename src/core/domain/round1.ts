/** One decimal, for hours and gaps as the cards show them: the one rounding rule of every measure. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;
