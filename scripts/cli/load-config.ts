import { ConfigError, readConfig, type Config } from '../../src/platform/config/config.ts';
import { loadEnvFiles } from '../../src/platform/config/env-files.ts';
import { projectRoot } from '../../src/platform/config/project-root.ts';

/** The command-line tools' configuration: the same files and schema as the server; exit 1 with the problems. */
export function loadConfigOrExit(): Config {
  const root = projectRoot(import.meta.url);
  try {
    return readConfig(loadEnvFiles(root, process.env).env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
