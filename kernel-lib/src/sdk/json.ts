/** Python `json` in JavaScript: lives in the definition core (browser-safe), re-exported for the SDK. */
export * from '../definition/python-json.js';
