// tsc cannot add a shebang or the executable bit; the bin must run when installed globally.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

const bin = new URL('../dist/bin.js', import.meta.url);
const text = readFileSync(bin, 'utf8');
if (!text.startsWith('#!')) writeFileSync(bin, `#!/usr/bin/env node\n${text}`);
chmodSync(bin, 0o755);
