/** One decimal, for hours and gaps as the cards show them: the one rounding rule of every measure. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** A 1..5 rating average as every surface writes it: always one decimal ("4.0", never "4"). */
export const formatScore = (n: number): string => n.toFixed(1);
