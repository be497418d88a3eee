// `npm run bench`: builds, then runs every benchmark section (or one, with --only <section>) and
// prints each measurement beside its target. A script, not a test: numbers vary by machine.
//   node --import tsx bench/run.ts [--only verify|tui] [--size-mb 200] [--zaxy-limit-s 60]
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagValue, meetsTarget } from './section.js';
import type { BenchMeasurement, BenchSection } from './section.js';

const projectRoot = resolve(import.meta.dirname, '..');
/** Sections in run order; a section whose module does not exist yet is left out. */
const sectionModules = ['verify.ts', 'tui.ts'];

async function loadSections(): Promise<BenchSection[]> {
  const sections: BenchSection[] = [];
  for (const file of sectionModules) {
    const path = join(import.meta.dirname, file);
    if (!existsSync(path)) continue;
    const mod = (await import(pathToFileURL(path).href)) as { section?: BenchSection };
    if (mod.section === undefined) throw new Error(`bench/${file} does not export a \`section\``);
    sections.push(mod.section);
  }
  return sections;
}

function formatValue(m: BenchMeasurement): string {
  const digits = Math.abs(m.value) >= 100 ? 0 : Math.abs(m.value) >= 10 ? 1 : 2;
  return `${m.value.toFixed(digits)} ${m.unit}`.trim();
}

function printTable(section: BenchSection, rows: readonly BenchMeasurement[]): void {
  console.log(`\n== ${section.name}: ${section.description}`);
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`${'measurement'.padEnd(width)}  ${'measured'.padStart(14)}  ${'target'.padStart(12)}  verdict`);
  for (const row of rows) {
    const target = row.target ? `${row.target.at === 'least' ? '≥' : '≤'} ${row.target.value} ${row.unit}`.trim() : '';
    const pass = meetsTarget(row);
    const verdict = pass === undefined ? '' : pass ? 'PASS' : 'MISS';
    const note = row.note ? `  (${row.note})` : '';
    console.log(`${row.name.padEnd(width)}  ${formatValue(row).padStart(14)}  ${target.padStart(12)}  ${verdict}${note}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = flagValue(argv, 'only');
  const sections = await loadSections();
  const chosen = only === undefined ? sections : sections.filter((s) => s.name === only);
  if (chosen.length === 0) {
    console.error(`bench: no section named "${only}" (have: ${sections.map((s) => s.name).join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const cacheDir = join(projectRoot, '.cache', 'bench');
  mkdirSync(cacheDir, { recursive: true });
  const results: Record<string, readonly BenchMeasurement[]> = {};
  for (const section of chosen) {
    const rows = await section.run({ argv, cacheDir, projectRoot });
    results[section.name] = rows;
    printTable(section, rows);
  }
  // One machine-readable line last, for the release notes and for comparing runs.
  console.log(`\nBENCH_JSON ${JSON.stringify(results)}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
