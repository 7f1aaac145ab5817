/** A setting that is missing or wrong; `problems` name each variable and its fix. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Records one problem with a variable (its value shown unless it is a secret); cross-checks call it. */
export type ReportProblem = (variable: string, message: string, value?: unknown) => void;

/** Why each setting exists and how to fix it, keyed by variable: shown beside every validation error. */
export type FixTexts = Readonly<Record<string, string>>;

/** One problem line: the variable, what is wrong, the value unless secret, and the fix. */
export function describeProblem(fixes: FixTexts, variable: string, message: string, value?: unknown): string {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(redactIfSecret(variable, value))})`;
  return `${variable}: ${message}${shown}. Fix: ${fixes[variable] ?? 'see README.md, Configuration'}`;
}

function redactIfSecret(variable: string, value: unknown): unknown {
  return /password|secret|key/i.test(variable) ? '***' : value;
}
