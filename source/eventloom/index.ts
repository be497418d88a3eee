// Public API of the Eventloom integrity engine (spec docs/eventloom-format.md §2–§8).
export { parseJson, JsonNumber, JsonSyntaxError, type JsonValue, type JsonObject } from './json.js';
export { pyCanon, pyFloatRepr, pyString, compareCodePoints } from './py-canon.js';
export { jsCanon, jsKeyOrder, NotStrictJsonError } from './js-canon.js';
export {
  envelopeOf,
  readZaxy,
  readEventloom,
  stripPrefix,
  type Envelope,
  type Dialect,
  type SealedEvent,
  type InvalidEvent,
  type EventReading,
} from './envelope.js';
export { readLines, LineSplitter, MAX_LINE_BYTES, type RawLine, type ReadLinesOptions } from './lines.js';
export {
  ChainVerifier,
  pyStrip,
  type ChainReport,
  type ChainCheckpoint,
  type ReasonCode,
  type DialectChoice,
  type EnvelopeCounts,
  type LatestEvent,
  type VerifyOptions,
} from './verify.js';
export { verifyFile, type VerifyFileOptions } from './verify-file.js';
export { parallelWorkers } from './verify-blocks.js';
export { discoverWorkspace, resolveEventloomRoot, skipReason, DEFAULT_EVENTLOOM_PATH, type Workspace, type SkippedEntry } from './workspace.js';
export { checkArchive, parseManifest, sha256File, manifestPathFor, type ArchiveChecksum, type ArchiveChecksumStatus } from './archive.js';
