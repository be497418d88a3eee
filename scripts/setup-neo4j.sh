#!/usr/bin/env bash
# Builds the test launcher for Neo4j 5.26 Community (tools/neo4j-launcher) with Maven, resolving
# Neo4j from Maven Central into the project cache, and installs Zaxy's `neo4j` extra (the Python
# driver its Neo4j backend imports) into the project venv so tests can run Zaxy against it.
# Idempotent: when the jar is newer than its sources and the venv has the driver, it does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
src="$root/tools/neo4j-launcher"
out="$cache/neo4j-launcher"
repo="$cache/m2"
jar="$out/neo4j-launcher.jar"
mkdir -p "$cache"

command -v java >/dev/null || { echo "setup-neo4j: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "setup-neo4j: mvn is required (apt-get install maven)" >&2; exit 1; }

stale=0
[[ -f "$jar" && -f "$out/classpath.txt" ]] || stale=1
if [[ $stale == 0 ]] && [[ -n $(find "$src/pom.xml" "$src/src" -newer "$jar" -type f -print -quit) ]]; then stale=1; fi
if [[ $stale == 1 ]]; then
  echo "setup-neo4j: building the launcher (Maven repository $repo)"
  build="$cache/neo4j-launcher-build"
  rm -rf "$build"
  mvn -B -q -Dstyle.color=never -f "$src/pom.xml" -Dmaven.repo.local="$repo" -Dlauncher.build.directory="$build" package
  mkdir -p "$out"
  # Rename into place: a JVM running the old jar (another test run) keeps reading its own inode.
  cp "$build"/neo4j-launcher-*.jar "$jar.new" && mv -f "$jar.new" "$jar"
  cp "$build/classpath.txt" "$out/classpath.txt.new" && mv -f "$out/classpath.txt.new" "$out/classpath.txt"
fi

venv="$cache/venv"
if [[ -x "$venv/bin/python" ]] && ! "$venv/bin/python" -c 'import neo4j' 2>/dev/null; then
  echo "setup-neo4j: installing Zaxy's neo4j extra into $venv"
  version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("zaxy-memory"))')
  "$venv/bin/pip" install --quiet "zaxy-memory[neo4j]==$version"
fi
echo "setup-neo4j: $jar"
