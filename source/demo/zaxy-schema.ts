// Zaxy 3.2's schema migrations (zaxy/schema.py SCHEMA_MIGRATIONS), statement for statement. The
// demo applies them to its own Neo4j the way Zaxy's apply_schema_migrations does, so the Neo4j
// pane shows a migrated deployment; test/demo/projector.test.ts holds them to the installed Zaxy
// and to the checksums the console checks (KNOWN_MIGRATIONS).
export interface ZaxyMigration {
  readonly name: string;
  readonly statements: readonly string[];
}

export const ZAXY_MIGRATIONS: readonly ZaxyMigration[] = [
  {
    name: '001_entity_version_identity',
    statements: [
      'DROP CONSTRAINT entity_id IF EXISTS',
      'DROP CONSTRAINT entity_version_id IF EXISTS',
      'CREATE CONSTRAINT entity_version_id IF NOT EXISTS FOR (e:Entity) REQUIRE (e.session_id, e.name, e.entity_type, e.valid_from) IS UNIQUE',
      'CREATE INDEX entity_lookup IF NOT EXISTS FOR (e:Entity) ON (e.session_id, e.name, e.entity_type)',
    ],
  },
  {
    name: '002_entity_vector',
    statements: [
      "CREATE VECTOR INDEX entity_vector IF NOT EXISTS FOR (e:Entity) ON (e.embedding) OPTIONS {indexConfig: {`vector.dimensions`: 1536, `vector.similarity_function`: 'cosine'}}",
    ],
  },
  { name: '003_entity_fulltext', statements: ['CREATE FULLTEXT INDEX entity_fulltext IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.summary]'] },
  {
    name: '004_provenance_backbone',
    statements: [
      'CREATE CONSTRAINT session_id IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE',
      'CREATE CONSTRAINT event_identity IF NOT EXISTS FOR (ev:Event) REQUIRE (ev.session_id, ev.seq) IS UNIQUE',
      'CREATE INDEX event_hash IF NOT EXISTS FOR (ev:Event) ON (ev.session_id, ev.hash)',
    ],
  },
  { name: '005_event_hash_chain', statements: ['CREATE INDEX event_prev_hash IF NOT EXISTS FOR (ev:Event) ON (ev.session_id, ev.prev_hash)'] },
  {
    name: '006_source_citation_identity',
    statements: ['CREATE CONSTRAINT source_identity IF NOT EXISTS FOR (src:Source) REQUIRE (src.session_id, src.path) IS UNIQUE'],
  },
];

/** sha256 of the statements joined by a blank line: SchemaMigration.checksum. */
export function migrationChecksum(migration: ZaxyMigration, sha256Hex: (text: string) => string): string {
  return sha256Hex(migration.statements.map((s) => s.trim()).join('\n\n'));
}
