/** One rater's form: the round, the elements, their own saved answers (nobody else's), and which side they rate for. */
export interface RatingForm {
  rater: { accountName: string; side: 'client' | 'internal' };
  round: { id: string; closesAt: Date };
  elements: { id: string; name: string; level: string }[];
  saved:
    | {
        side: 'client' | 'internal';
        comment: string | null;
        commentElementId: string | null;
        answers: { elementId: string; performance: number; importance: number }[];
      }
    | undefined;
  /** "You said, we did": what was done since the last round, by element, as the rater's channel may show it. */
  done: { element: string; lines: string[] }[];
}
