/** What Teams checks of an icon: its size and whether it has an alpha channel (outline icons must be transparent). */
export interface PngInfo {
  width: number;
  height: number;
  hasAlpha: boolean;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads a PNG's IHDR; undefined when the bytes are not a PNG. */
export function pngInfo(bytes: Buffer): PngInfo | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('ascii', 12, 16) !== 'IHDR')
    return undefined;
  const colorType = bytes[25]!;
  // Colour types 4 and 6 carry alpha; a tRNS chunk gives palette or grey images transparency.
  const hasAlpha = colorType === 4 || colorType === 6 || bytes.includes(Buffer.from('tRNS', 'ascii'));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), hasAlpha };
}
