// Reads an Argdown file with the official parser (@argdown/node, as installed by `make argdown`) and prints
// one JSON object: {errors, frontMatter, model}, where model is the parser's own JSON export (statements,
// arguments, relations). argmap's `load --format argdown` calls it, so no Argdown is parsed by hand.
// Usage: node read.js FILE.argdown NODE_MODULES_DIR
"use strict";
const fs = require("fs");
const path = require("path");

const [file, modules] = process.argv.slice(2);
const { argdown } = require(path.join(path.resolve(modules), "@argdown", "node"));
const input = fs.readFileSync(file, "utf8");
const response = argdown.run({
  input,
  process: ["parse-input", "build-model", "export-json"],
  logLevel: "error",
  json: { spaces: 0, exportMap: false, exportSections: false, exportTags: false },
});
const errors = [...(response.lexerErrors || []), ...(response.parserErrors || [])].map((error) => {
  const token = error.token || {};
  const where = token.startLine ? `line ${token.startLine}: ` : error.line ? `line ${error.line}: ` : "";
  return where + error.message;
});
const model = errors.length === 0 && response.json ? JSON.parse(response.json) : null;
process.stdout.write(JSON.stringify({ errors, frontMatter: response.frontMatter || null, model }));
