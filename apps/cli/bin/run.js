#!/usr/bin/env node
// The `confiture` command. Commands are loaded from dist/: run `npm run build` first in a checkout.
require('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core').Errors.handle);
