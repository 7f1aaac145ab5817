import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a script's arguments strictly (`util.parseArgs({ strict: true })`): an unknown or mistyped flag, a
 * missing value or a stray word is an error, never quietly ignored (a mistyped `--internal` once gave the joint
 * review pack). Returns the error's text instead of exiting, so it can be tested.
 */
export function parseCliArgs<O extends Options>(argv: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** `parseCliArgs`, or, on an error, the error and the usage on stderr and exit code 2. */
export function parseCliArgsOrExit<O extends Options>(
  argv: readonly string[],
  options: O,
  usage: string,
  allowPositionals = false,
) {
  const parsed = parseCliArgs(argv, options, allowPositionals);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${usage}\n`);
    process.exit(2);
  }
  return parsed;
}
