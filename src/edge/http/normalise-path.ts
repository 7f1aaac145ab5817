import type restify from 'restify';

/** RFC 3986 §2.3: the characters whose percent-encoding means the same as the character itself. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** NUL and the other C0 controls, and DEL: no route name holds one, and log lines must not. */
const isControl = (code: number): boolean => code < 0x20 || code === 0x7f;

/** Why a request path is refused: the same bytes could name one route to a guard and another to the router. */
type PathRefusal = { refused: string };

/**
 * The one spelling of a request path every later step reads (router, loopback guard, rate limit, metrics):
 * percent-encoded unreserved characters decoded (RFC 3986 §6.2.2.2), other escapes kept with upper-case hex
 * (§6.2.2.1), and refused whatever could still be read two ways: an invalid escape, an encoded '/', '\\', '%'
 * (double encoding), NUL or control character, a raw backslash or ';', an empty or dot segment.
 */
function normalisePath(path: string): { path: string } | PathRefusal {
  if (!path.startsWith('/')) return { refused: 'The request target must be a path starting with /.' };
  // A raw ';' ends the path for restify's router (`/healthz;x` is /healthz) but not for a guard reading the path.
  if ([...path].some((c) => c === '\\' || c === '#' || c === ';' || isControl(c.charCodeAt(0))))
    return { refused: 'The path holds a backslash, #, ; or control character.' };
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { refused: 'The path holds an invalid percent escape.' };
    const code = Number.parseInt(hex, 16);
    const char = String.fromCharCode(code);
    if (UNRESERVED.test(char)) out += char;
    else if (isControl(code) || char === '/' || char === '\\' || char === '%')
      return { refused: 'The path holds an encoded /, \\, % or control character.' };
    else out += `%${hex.toUpperCase()}`;
    i += 2;
  }
  const segments = out.split('/').slice(1);
  // An empty segment inside the path (`//admin`) or a dot segment (`/a/../admin`) would be read differently by
  // different parsers; a trailing slash (`/tab/`) is the one empty segment allowed.
  if (segments.slice(0, -1).some((s) => s === '') || segments.some((s) => s === '.' || s === '..'))
    return { refused: 'The path holds an empty or dot segment.' };
  return { path: out };
}

/**
 * The first handler of the server: rewrites `req.url` to the normalised path (query kept as sent), so restify's
 * router and every guard reading `req.getPath()` see the same string; a path that cannot be normalised gets 400
 * before anything else runs.
 */
export function normaliseRequestPath(): restify.RequestHandler {
  return (req, res, next) => {
    const target = req.url ?? '';
    const q = target.indexOf('?');
    const result = normalisePath(q < 0 ? target : target.slice(0, q));
    if ('refused' in result) {
      res.setHeader('Connection', 'close');
      res.send(400, { error: { code: 'BadPath', message: result.refused } });
      return next(false);
    }
    req.url = result.path + (q < 0 ? '' : target.slice(q));
    return next();
  };
}
