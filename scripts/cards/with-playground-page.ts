import { chromium } from 'playwright-core';
import { chromiumOptions, PlaygroundPage } from './playground-page.ts';
import { type RunningPlayground, startPlayground } from './start-playground.ts';

/**
 * Starts the Agents Playground with the bot, opens its web page in headless Chromium and runs `use` there; on
 * failure prints the error with the end of the Playground's output and sets exit code 1 (undefined is returned).
 * Exits 1 with the install hint when Chromium cannot start. Both are always stopped.
 */
export async function withPlaygroundPage<T>(
  use: (pg: RunningPlayground, page: PlaygroundPage) => Promise<T>,
): Promise<T | undefined> {
  const pg = await startPlayground();
  const browser = await chromium.launch(chromiumOptions).catch(async (error: Error) => {
    await pg.stop();
    process.stderr.write(
      `Could not start Chromium (${error.message.split('\n')[0]}). Install it: apt-get install chromium\n`,
    );
    process.exit(1);
  });
  try {
    return await use(pg, await PlaygroundPage.open(browser, pg.url));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${pg.output().slice(-1500)}\n`);
    process.exitCode = 1;
    return undefined;
  } finally {
    await browser.close();
    await pg.stop();
  }
}
