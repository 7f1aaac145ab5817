import { startTabPreview } from '../tab/start-tab-preview.ts';

/**
 * Benchmark helper: the tab's local preview (the demo org, its history and rounds) in its own process, so the server
 * does not share an event loop with the browser's driver; prints its URL as one JSON line.
 */
const preview = await startTabPreview();
process.stdout.write(`${JSON.stringify({ url: preview.url })}\n`);
process.on('SIGTERM', () => void preview.stop().then(() => process.exit(0)));
