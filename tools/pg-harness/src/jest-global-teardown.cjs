// @ts-check
'use strict';
/** Jest globalTeardown: stops the embedded cluster the global setup started, if any. */
module.exports = async function globalTeardown() {
  const server = /** @type {any} */ (globalThis).__confitureTestServer;
  if (server) await server.stop();
};
