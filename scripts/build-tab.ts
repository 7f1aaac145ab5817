import { fileURLToPath } from 'node:url';
import { buildTabBundle, TAB_JS_BUDGET_GZIP_BYTES } from '../src/app/tab-bundle.ts';

/** `npm run build`: bundles the Teams tab (the server also builds it at start when it is missing or stale). */
const rootDir = fileURLToPath(new URL('..', import.meta.url));
const { jsGzipBytes, cssGzipBytes } = await buildTabBundle(rootDir);
console.log(
  `Built .build/tab: JavaScript ${(jsGzipBytes / 1024).toFixed(1)} KB gzipped (budget ` +
    `${TAB_JS_BUDGET_GZIP_BYTES / 1024} KB), CSS ${(cssGzipBytes / 1024).toFixed(1)} KB gzipped`,
);
