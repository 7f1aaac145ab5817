import { existsSync, readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';

// Docker cannot build here: the Dockerfile is linted (dockerfile-utils, the parser behind VS Code's Docker support)
// and held to the rules the image must keep. Exec form and signals: https://docs.docker.com/reference/dockerfile/#cmd
const dockerfile = readFileSync('Dockerfile', 'utf8');
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

describe('Dockerfile', () => {
  it('When linted, then dockerfile-utils reports nothing', () => {
    expect(validate(dockerfile, {}).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('When the linter sees a broken instruction, then it reports it (the lint can fail)', () => {
    expect(validate('FROM node:22\nHEALTHCHECK CMD\n', {}).length).toBeGreaterThan(0);
  });

  it('When the image runs, then it is the production build as a non-root user, node gets SIGTERM itself, and /healthz is probed', () => {
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).not.toMatch(/^USER root/m);
    expect(finalStage).toMatch(/^CMD \["node", .*"dist\/src\/main\.js"\]$/m);
    expect(finalStage).not.toMatch(/tsx|npm start|npm run/);
    expect(finalStage).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
  });

  it('When files are copied into the image, then each exists, and secrets and local data stay out of the context', () => {
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(?:--chown=\S+ )?(.+) \S+$/gm))
      for (const source of m[1]!.split(' ')) expect(existsSync(source), source).toBe(true);
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['node_modules', '.data', 'env', '.git', 'dist']) expect(ignored).toContain(entry);
  });
});
