/** About how wide one character of the axis font (12 px sans-serif) is, in CSS pixels. */
const CHAR_PX = 7;

/**
 * A category label cut to the width each category has on the axis (`px`), with an ellipsis, so neighbouring labels
 * never run into each other on a narrow screen; the chart's table below gives every name in full.
 */
export function fitLabel(label: string, px: number): string {
  const room = Math.max(3, Math.floor(px / CHAR_PX) - 1);
  return label.length <= room ? label : `${label.slice(0, room - 1).trimEnd()}…`;
}
