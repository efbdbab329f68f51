// Bundles web/src into the site module's wwwroot/assets (embedded in StreamVault.Site.dll). `--size` also prints the gzipped sizes.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'StreamVault.Site', 'wwwroot', 'assets');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, 'src', 'app.ts'), 'app-style': join(here, 'src', 'app.css') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
  loader: { '.svg': 'file' },
});
// esbuild names a CSS entry after its key; the pages link app.css.
renameSync(join(out, 'app-style.css'), join(out, 'app.css'));
copyFileSync(join(here, 'node_modules', 'plyr', 'dist', 'plyr.svg'), join(out, 'plyr.svg'));

if (process.argv.includes('--size')) {
  for (const file of ['app.js', 'app.css']) {
    const bytes = readFileSync(join(out, file));
    console.log(`${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`);
  }
}
