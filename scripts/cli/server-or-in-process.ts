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
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
