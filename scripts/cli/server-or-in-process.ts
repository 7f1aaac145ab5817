import type { Config } from '../../src/platform/config/config.ts';
import { DataDirLockedError } from '../../src/adapters/store/data-dir-lock.ts';
import { callAdmin } from './admin-client.ts';

/**
 * Runs an operator command through the running server's admin route; with no server, in this process (under the
 * data-dir lock: exit 1 with its message when another process holds it). Says which way it went.
 */
export async function serverOrInProcess<S>(
  config: Config,
  route: { path: string; body: object; onProgress?: (p: Record<string, unknown>) => void },
  inProcess: () => Promise<S>,
): Promise<{ summary: S; viaServer: boolean }> {
  const viaServer = await callAdmin<S>(config, route.path, route.body, route.onProgress ?? (() => undefined));
  if (viaServer !== undefined) return { summary: viaServer, viaServer: true };
  process.stderr.write('No server is running: running the step in this process.\n');
  try {
    return { summary: await inProcess(), viaServer: false };
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      // The holder is most likely the server, which did not answer here: say where this command looked for it.
      process.stderr.write(
        `${error.message}\nThis command looked for the running server through ${config.dataDir}/admin.port and ` +
          'found none answering there: if the server runs with another DATA_DIR, run this command with the same ' +
          'DATA_DIR; if it was started before its admin port was written, restart it.\n',
      );
      process.exit(1);
    }
    throw error;
  }
}
