#!/usr/bin/env node
// The `confiture-daemon` command. It runs from dist/: run `npm run build` first in a checkout.
require('../dist/main.js')
  .main(process.argv.slice(2))
  .catch((error) => {
    process.stderr.write(`confiture-daemon: ${error && error.message ? error.message : error}\n`);
    process.exit(1);
  });
