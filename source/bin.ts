// The published entry point. It must parse and run on old Node versions long enough to say
// which Node is needed, so it imports nothing statically: Ink and execa crash on import under
// Node < 22 with errors that do not name the cause.
const MINIMUM_NODE_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);

if (!Number.isFinite(major) || major < MINIMUM_NODE_MAJOR) {
  process.stderr.write(
    `zaxy-console: needs Node.js ${MINIMUM_NODE_MAJOR} or newer, but this is Node.js ${process.versions.node}. ` +
      'Install Node.js 22+ (Node 24 LTS is tested), or run it with `npm start` from a checkout.\n',
  );
  process.exit(2);
} else {
  // Start-up tweaks are an optimisation: if they fail, start as before.
  import('./startup.js')
    .then((startup) => startup.speedUpStartup())
    .catch(() => undefined)
    .then(() => import('./cli.js'))
    .then(
      (cli) => cli.main(process.argv.slice(2)),
      (error: unknown) => {
        process.stderr.write(`zaxy-console: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
      },
    );
}
