import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { productionStart } from '../../scripts/build/production-command.ts';

/**
 * `npm run start:prod` is the one definition of how production starts the server. The image and the Azure template
 * cannot read package.json at run time (node must be PID 1 to get SIGTERM itself), so they repeat its command; this
 * test holds them to it, and the tests and benchmarks that run the bundle take its options from the same place.
 */
describe('The production start command', () => {
  const { nodeOptions, entry } = productionStart();
  const command = ['node', ...nodeOptions, entry];

  it('When start:prod is read, then it names the bundle, the warning flags and the heap limit its note explains', () => {
    expect(entry).toBe('dist/src/main.js');
    expect(nodeOptions).toEqual(
      expect.arrayContaining([
        '--disable-warning=DEP0005',
        '--disable-warning=DEP0169',
        '--disable-warning=DEP0040',
        '--max-old-space-size=512',
      ]),
    );
  });

  it("When the image is built, then its CMD is start:prod's command, word for word", () => {
    // The image runs the last CMD of the file (its final stage's).
    const cmd = [...readFileSync('Dockerfile', 'utf8').matchAll(/^CMD (\[.*\])$/gm)].at(-1)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(command);
  });

  it("When the Azure template deploys, then its startup command is start:prod's, word for word", () => {
    const line = /appCommandLine: '([^']*)'/.exec(readFileSync('infra/azure.bicep', 'utf8'))?.[1];
    expect(line?.split(' ')).toEqual(command);
  });
});
