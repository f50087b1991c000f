export { isBlockedAddress } from './address.js';
export {
  createHttpClient,
  DEFAULT_USER_AGENT,
  type FetchInit,
  type FetchResult,
  type HttpClient,
  type HttpClientOptions,
  type RedirectHop,
} from './client.js';
export { decodeBody, normalizeEncodingLabel } from './decode.js';
export { FetchError, type FetchErrorKind, parseRetryAfter } from './errors.js';
