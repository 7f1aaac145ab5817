/**
 * Runs `step` once however many tests ask for it: a test asks for the steps its preconditions need, so any test runs
 * alone, and a file run whole builds each step once.
 */
export const once = <T>(step: () => Promise<T>): (() => Promise<T>) => {
  let done: Promise<T> | undefined;
  return () => (done ??= step());
};
