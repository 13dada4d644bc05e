#!/usr/bin/env node
// Runs the TypeScript command line without a build step, the way cdktf runs
// main.ts: ts-node compiles it on the fly, without type checking.
const path = require("node:path");

require("ts-node").register({
  transpileOnly: true,
  project: path.join(__dirname, "..", "tsconfig.json"),
});

process.exitCode = require("../cli/sentinel-ioc.ts").main(
  process.argv.slice(2),
);
