import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeakedSecrets } from '../support/secret-watch.ts';

describe('The scan of the suite for secrets in logs', () => {
  it('When a registered secret appears in recorded output, then it is reported (without printing it whole); clean output reports nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-watch-probe-'));
    try {
      writeFileSync(join(dir, 'secrets-1.txt'), `${JSON.stringify('s3cret-client-value')}\n`);
      writeFileSync(join(dir, 'logged-2.txt'), '{"msg":"connected","user":"integration"}\n');
      expect(findLeakedSecrets(dir)).toEqual([]);
      writeFileSync(join(dir, 'logged-3.txt'), '{"msg":"login failed","body":"client_secret=s3cret-client-value"}\n');
      expect(findLeakedSecrets(dir)).toEqual(['logged-3.txt: s3cret… (19 characters)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
