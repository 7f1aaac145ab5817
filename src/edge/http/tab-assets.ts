/** One served asset, kept in memory with its gzipped form. */
export interface TabAsset {
  body: Buffer;
  gzip: Buffer;
  type: string;
}

/** The built tab: its assets by file name and a version (content hash) for cache-busting URLs. */
export interface TabBundle {
  assets: ReadonlyMap<string, TabAsset>;
  version: string;
  jsGzipBytes: number;
  /** The chunks main.js imports statically: the page asks for them beside it, not after it has been parsed. */
  preload: readonly string[];
}
