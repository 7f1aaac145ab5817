import type restify from 'restify';

/** The largest request body any route reads (1 MiB: a Teams activity with a full card is far under 100 KB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * `application/json`, with any parameters (`; charset=utf-8`): what Teams, the tab and our tools send, and exactly
 * what restify's JSON parser parses (a type it would leave unparsed is refused here rather than reach a handler).
 */
function isJson(contentType: string | undefined): boolean {
  return (
    String(contentType ?? '')
      .split(';')[0]!
      .toLowerCase() === 'application/json'
  );
}

/**
 * Refuses, before a byte of the body is read, what the body parser must never see: a compressed body (restify
 * inflates gzip without any limit, so a 1 MB bomb with no credentials exhausted memory; neither Teams nor our
 * command-line tools compress requests), a body that is not JSON, and a declared length over the limit. Chunked bodies without a length
 * are still capped by the body parser's own count. Runs as a `pre` handler, so it covers every route.
 */
export function guardRequestBodies(maxBodyBytes = DEFAULT_MAX_BODY_BYTES): restify.RequestHandler {
  return (req, res, next) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding !== 'identity' && encoding !== '') {
      res.setHeader('Connection', 'close');
      res.setHeader('Accept-Encoding', 'identity');
      res.send(415, {
        error: { code: 'UnsupportedContentEncoding', message: 'Request bodies must not be compressed.' },
      });
      return next(false);
    }
    // Every body we read is JSON (Teams' activities, the tab's and the CLI's requests). Anything else, multipart
    // above all (restify's parser wrote its files to the temporary folder without any size limit), is refused
    // before it is read.
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !isJson(req.headers['content-type'])) {
      res.setHeader('Connection', 'close');
      res.send(415, {
        error: {
          code: 'UnsupportedMediaType',
          message: 'Request bodies must be JSON (Content-Type: application/json).',
        },
      });
      return next(false);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      res.setHeader('Connection', 'close');
      res.send(413, {
        error: { code: 'PayloadTooLarge', message: `Request bodies are limited to ${maxBodyBytes} bytes.` },
      });
      return next(false);
    }
    return next();
  };
}
