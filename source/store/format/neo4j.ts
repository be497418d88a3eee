// Neo4j as one list of findings (databases, servers, indexes, long transactions, migrations,
// projection lag), incidents first, so a FAILED index or a database whose current status differs
// from the requested one is at the top at 80x24. A section the server could not answer shows as
// its own row ("n/a" for Community's missing SHOW SERVERS, "ERROR" for a failed query).
import type { Neo4jSnapshot, Section } from '../../sources/neo4j-snapshot.js';
import { neo4jIncidents } from '../../sources/neo4j-snapshot.js';
import type { SourceSlot } from '../state.js';
import { toDisplayText } from '../sanitize.js';
import type { Cell, Field, ListPaneView, Mark, RowView, Tone } from '../view-model.js';
import { formatInteger, preciseAge, sourceStatus, noDataText } from './common.js';

type Kind = 'db' | 'srv' | 'idx' | 'tx' | 'mig' | 'lag';

interface Finding {
  readonly row: RowView;
  readonly incident: boolean;
}

const t = (value: unknown, maxLength = 200) => toDisplayText(value, { maxLength });
const ok = (text: string): Cell => ({ text, tone: 'ok', mark: 'ok' });
const bad = (text: string): Cell => ({ text, tone: 'error', mark: 'bad' });
const warn = (text: string): Cell => ({ text, tone: 'warn', mark: 'warn' });

function finding(kind: Kind, key: string, name: string, status: Cell, detail: string, fields: Field[], incident: boolean, body?: string[]): Finding {
  return {
    incident,
    row: {
      key: `${kind}:${key}`,
      cells: { kind: { text: kind, tone: 'muted' }, name: { text: name }, status, detail: { text: detail, tone: incident ? 'normal' : 'muted' } },
      search: `${kind} ${name} ${status.text} ${detail}`.toLowerCase(),
      highlight: incident,
      detail: { title: `${kind} ${name}`, fields, ...(body ? { body } : {}) },
    },
  };
}

function sectionRows<T>(kind: Kind, label: string, section: Section<T>, rows: (value: T) => Finding[]): Finding[] {
  if (section.state === 'ok') return rows(section.value);
  if (section.state === 'unavailable') {
    const reason = t(section.reason);
    return [finding(kind, '(section)', `(${label})`, { text: 'n/a', tone: 'muted', mark: 'unknown' }, reason, [{ label: 'not available', value: reason }], false)];
  }
  const error = t(section.error, 400);
  return [finding(kind, '(section)', `(${label})`, bad('ERROR'), error, [{ label: 'query failed', value: error, tone: 'error' }], true)];
}

function field(label: string, value: string | null | undefined, tone?: Tone, mark?: Mark): Field {
  return { label, value: value === null || value === undefined || value === '' ? '—' : value, ...(tone ? { tone } : {}), ...(mark ? { mark } : {}) };
}

function findings(s: Neo4jSnapshot): Finding[] {
  return [
    ...sectionRows('db', 'databases', s.databases, (dbs) =>
      dbs.map((db) => {
        const problem = db.problem ? t(db.problem) : null;
        const status = problem ? bad(t(db.currentStatus, 20)) : ok(t(db.currentStatus, 20));
        const detail = problem ?? `requested ${t(db.requestedStatus, 20)}${db.role ? ` · ${t(db.role, 20)}` : ''}${db.access ? ` · ${t(db.access, 20)}` : ''}`;
        return finding('db', db.name, t(db.name), status, detail, [
          field('current status', t(db.currentStatus), problem ? 'error' : 'ok'),
          field('requested status', t(db.requestedStatus)),
          field('status message', t(db.statusMessage, 400)),
          field('role', t(db.role)),
          field('access', t(db.access)),
          field('address', t(db.address)),
          field('default / home', `${db.isDefault ? 'default' : '—'} / ${db.isHome ? 'home' : '—'}`),
          ...(problem ? [field('problem', problem, 'error', 'bad')] : []),
        ], problem !== null);
      }),
    ),
    ...sectionRows('srv', 'servers', s.servers, (servers) =>
      servers.map((server) => {
        const problem = server.problem ? t(server.problem) : null;
        const text = `${t(server.health, 12) || '?'}/${t(server.state, 12) || '?'}`;
        return finding('srv', server.name, t(server.name), problem ? bad(text) : ok(text), problem ?? (t(server.address) || ''), [
          field('address', t(server.address)),
          field('health', t(server.health)),
          field('state', t(server.state)),
          field('hosting', server.hosting.map((h) => t(h, 60)).join(', ')),
          ...(problem ? [field('problem', problem, 'error', 'bad')] : []),
        ], problem !== null);
      }),
    ),
    ...sectionRows('idx', 'indexes', s.indexes, (indexes) =>
      indexes.map((index) => {
        const percent = index.populationPercent !== null ? ` ${Math.floor(index.populationPercent)}%` : '';
        const status = index.flag === 'failed' ? bad('FAILED') : index.flag === 'populating' ? warn(`POPULATING${percent}`) : ok(t(index.state, 16));
        const on = `${t(index.type, 20)} on ${index.labelsOrTypes.map((l) => t(l, 40)).join('|')}(${index.properties.map((p) => t(p, 40)).join(', ')})`;
        const detail = index.flag === 'failed' ? t(index.failureMessage) || 'still written to, never read; drop and recreate it' : on;
        return finding('idx', index.name, t(index.name), status, detail, [
          field('state', t(index.state), status.tone, status.mark),
          field('type', t(index.type)),
          field('on', on),
          field('population', index.populationPercent === null ? null : `${index.populationPercent}%`),
          field('constraint', t(index.owningConstraint)),
          ...(index.flag === 'failed' ? [field('why', t(index.failureMessage, 400) || 'no reason reported', 'error')] : []),
        ], index.flag !== null);
      }),
    ),
    ...sectionRows('tx', 'transactions', s.longTransactions, (txs) =>
      txs.map((tx) =>
        finding('tx', `${tx.database}:${tx.transactionId}`, t(tx.transactionId), warn(`${t(tx.status, 10)} ${preciseAge(tx.elapsedMs)}`), t(tx.currentQuery, 300), [
          field('database', t(tx.database)),
          field('status', t(tx.status)),
          field('elapsed', preciseAge(tx.elapsedMs), 'warn'),
          field('user', t(tx.username)),
          field('client', t(tx.clientAddress)),
        ], true, toDisplayText(tx.currentQuery, { multiline: true, maxLength: 4000 }).split('\n')),
      ),
    ),
    ...sectionRows('mig', 'migrations', s.migrations, (report) => [
      ...report.migrations.map((m) => {
        const status = m.state === 'applied' ? ok('applied') : m.state === 'pending' ? warn('pending') : bad(m.state === 'partial' ? 'PARTIAL' : 'CHECKSUM');
        return finding('mig', m.name, t(m.name), status, t(m.appliedAt) || '', [field('state', m.state, status.tone, status.mark), field('applied at', t(m.appliedAt))], m.state !== 'applied');
      }),
      ...report.unknown.map((name) => finding('mig', name, t(name), { text: 'unknown', tone: 'info', mark: 'unknown' }, 'written by a newer Zaxy', [field('note', 'recorded in the graph but unknown to this console')], false)),
    ]),
    ...sectionRows('lag', 'projection', s.projection, (statuses) =>
      statuses.map((p) => {
        const lag = p.projectionLag;
        const status = !p.integrityOk ? (lag !== null && lag > 0 ? warn(`lag ${formatInteger(lag)}`) : bad('MISMATCH')) : ok(lag === null ? 'empty' : 'lag 0');
        const expectedEdges = Math.max(0, p.eventCount - 1);
        // Behind but whole: the graph's head is an older event, so its hash differs by necessity.
        const onlyBehind = lag !== null && lag > 0 && p.missingChainLinks === 0 && p.nextEventEdges === expectedEdges && p.previousEventEdges === expectedEdges;
        const detail = p.integrityOk
          ? `${formatInteger(p.eventCount)} events in graph`
          : onlyBehind
            ? `graph at seq ${formatInteger(p.latestSeq ?? 0)} of ${formatInteger(p.eventloomLatestSeq ?? 0)} · chain intact`
            : `missing links ${p.missingChainLinks} · hash ${p.latestHashMatches ? 'matches' : 'DIFFERS'}`;
        return finding('lag', p.sessionId, t(p.sessionId), status, detail, [
          field('projection lag', lag === null ? 'n/a (empty log)' : String(lag), lag ? 'warn' : 'ok'),
          field('graph latest seq', p.latestSeq === null ? null : String(p.latestSeq)),
          field('log latest seq', p.eventloomLatestSeq === null ? null : String(p.eventloomLatestSeq)),
          field('latest hash matches', p.latestHashMatches ? 'yes' : 'no', p.latestHashMatches ? 'ok' : 'error'),
          field('NEXT/PREVIOUS edges', `${p.nextEventEdges} / ${p.previousEventEdges} (expect ${expectedEdges})`),
          field('missing chain links', String(p.missingChainLinks), p.missingChainLinks > 0 ? 'error' : undefined),
        ], !p.integrityOk, p.integrityOk ? undefined : [`Reproject: zaxy reproject .eventloom/${t(p.sessionId)}.jsonl --session-id ${t(p.sessionId)}`]);
      }),
    ),
  ];
}

export function formatNeo4j(slot: SourceSlot<Neo4jSnapshot>, now: number): ListPaneView {
  const status = sourceStatus(slot.health, now);
  const s = slot.data;
  if (!s) return { status, summary: [], rows: [], empty: noDataText(slot.health, { waiting: 'connecting to Neo4j…', disabled: 'not configured' }) };
  if (!s.reachable) {
    const error = s.error ? `${t(s.error.kind, 40)}: ${t(s.error.message, 300)}` : 'no answer';
    return { status, summary: [{ label: 'reachable', value: 'no', tone: 'error', mark: 'bad' }, { label: 'uri', value: t(s.uri) }], rows: [], empty: `Neo4j unreachable — ${error}` };
  }
  const summary: Field[] = [
    { label: 'reachable', value: 'yes', tone: 'ok', mark: 'ok' },
    { label: 'latency', value: s.latencyMs === null ? '—' : `${Math.round(s.latencyMs)} ms` },
  ];
  if (s.server) summary.push({ label: 'version', value: `${t(s.server.version, 30)} ${t(s.server.edition, 20)}` });
  if (s.migrations.state === 'ok') summary.push({ label: 'schema', value: t(s.migrations.value.currentVersion) || 'none', tone: s.migrations.value.ok ? 'ok' : 'warn' });
  const all = findings(s);
  // Incidents first; within each group keep the section order.
  const rows = [...all.filter((f) => f.incident), ...all.filter((f) => !f.incident)].map((f) => f.row);
  return { status, summary, rows, empty: 'no databases, indexes or sessions reported' };
}

/** Projection lag per session for the sessions pane; null where the graph did not say. */
export function projectionLags(slot: SourceSlot<Neo4jSnapshot>): (sessionId: string) => number | null {
  const section = slot.data?.projection;
  if (!section || section.state !== 'ok') return () => null;
  const lags = new Map(section.value.map((p) => [p.sessionId, p.projectionLag]));
  return (id) => lags.get(id) ?? null;
}

/** The header's Neo4j reasons: the first incident and how many there are. */
export function neo4jFindings(slot: SourceSlot<Neo4jSnapshot>): string[] {
  if (!slot.data || !slot.data.reachable || slot.health?.state === 'disabled') return [];
  const incidents = neo4jIncidents(slot.data);
  if (incidents.length === 0) return [];
  return [`Neo4j: ${t(incidents[0], 60)}${incidents.length > 1 ? ` (${incidents.length} issues)` : ''}`];
}
