import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMetadata } from './salesforce/generate-metadata.ts';

/** `npm run salesforce:metadata`: rewrites `salesforce/` from src/adapters/salesforce/sf-schema.ts. */
const root = join(fileURLToPath(new URL('..', import.meta.url)), 'salesforce');
rmSync(join(root, 'force-app'), { recursive: true, force: true });
const files = generateMetadata();
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(
  `Wrote ${files.size} files under salesforce/. Deploy with: cd salesforce && sf project deploy start --target-org <alias>`,
);
