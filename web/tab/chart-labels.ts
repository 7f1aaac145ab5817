/** About how wide one character of the axis font (12 px sans-serif) is, in CSS pixels. */
const CHAR_PX = 7;

/**
 * A category label cut to the width each category has on the axis (`px`), with an ellipsis, so neighbouring labels
 * never run into each other on a narrow screen; the chart's table below gives every name in full. Each line of a
 * two-line label (a month over its year) is fitted on its own.
 */
export function fitLabel(label: string, px: number): string {
  // Four characters always fit: a month's abbreviation and a year under it are never cut.
  const room = Math.max(4, Math.floor(px / CHAR_PX) - 1);
  return label
    .split('\n')
    .map((line) => (line.length <= room ? line : `${line.slice(0, room - 1).trimEnd()}…`))
    .join('\n');
}

/**
 * The labels an axis shows (`shown` in order; others are empty), with a month's year line ("Feb\n2026") kept only
 * on the first label shown and where the year differs from the label shown before: with every other month
 * labelled, a January that is skipped still leaves its year on the next label.
 */
export function shownYears(shown: readonly string[]): string[] {
  let year: string | undefined;
  return shown.map((label, i) => {
    const [top, second] = label.split('\n');
    if (second === undefined || !/^\d{4}$/.test(second)) return label;
    const keep = i === 0 || second !== year;
    year = second;
    return keep ? label : top!;
  });
}
