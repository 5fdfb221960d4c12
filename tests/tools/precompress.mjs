// Writes FILE.gz and FILE.br beside every file a reader loads from the site folder (HTML, CSS,
// JavaScript, JSON, SVG and the wasm module), as a static host serves them compressed; the
// project's server (sirv, in ./build.sh serve and test) sends them to a browser that accepts
// them. Usage: node tests/tools/precompress.mjs www
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';

const KINDS = /\.(html|css|js|mjs|json|svg|wasm|ts)$/;
const root = process.argv[2];
if (!root) throw new Error('usage: node precompress.mjs SITE_DIR');

/** Every file under `dir`. */
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : [path];
});

// Old compressed copies first (of files changed or gone), then new ones.
for (const path of files(root)) if (/\.(gz|br)$/.test(path)) unlinkSync(path);
let count = 0;
for (const path of files(root)) {
  {
    const name = path;
    if (KINDS.test(name)) {
      const body = readFileSync(path);
      writeFileSync(`${path}.gz`, zlib.gzipSync(body, { level: 9 }));
      writeFileSync(`${path}.br`, zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }));
      count += 1;
    }
  }
}
console.log(`    compressed ${count} files (gzip -9 and brotli 11) in ${root}/`);
