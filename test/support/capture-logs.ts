import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/platform/log/logger.ts';
import { recordLogged } from './secret-watch.ts';

/** A real pino logger writing into memory, so tests can read what would have been logged. */
export function captureLogs(level = 'debug'): { log: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      recordLogged(String(chunk));
      done();
    },
  });
  const log = createLogger(level, stream);
  return {
    log,
    get lines() {
      return raw.flatMap((r) => r.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}
