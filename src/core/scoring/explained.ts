/** A measure with the reasons that produced it, each citing its inputs, so a user can check it by hand. */
export interface Explained<T> {
  value: T;
  why: string[];
}
