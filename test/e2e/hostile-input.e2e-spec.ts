import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ErrorCode, httpStatusFor } from '../../src/common/error-codes';
import { auditEventsAfter, auditHighWaterMark, DatabaseSnapshot, snapshotDatabase } from '../support/database-snapshot';
import { apiFor, createChildWithTeam, practitionerId, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A corpus of bad requests against every write endpoint. Each must be refused with a 4xx in the one
 * error shape and a stable code, and none may change a table (docs/api.md: "A rejected request
 * changes nothing"). Afterwards the server must still serve, and every endpoint's valid request,
 * which each bad request differs from in one way only, must still succeed.
 */

// ---------------------------------------------------------------------------------------------
// The ids the paths and bodies refer to, made in beforeAll.

interface Ids {
  childId: string;
  involvementId: string;
  entryId: string;
  claimId: string;
  gpId: string;
}

/** A CHI number given to the child in beforeAll, so claims by identifier and duplicate identifiers have something to hit. */
const CHILD_CHI = '1506190099';
const CLAIM_REASON = 'Joint home visit with the health visitor planned for tomorrow morning';
/**
 * A bad request the server lets through must not change what the next one gets, or one fault would
 * hide behind another: each valid child has a CHI number of its own (no IDENTIFIER_IN_USE), and each
 * valid amendment a summary of its own (no NO_CHANGES). Reviewing a claim and marking an entry in
 * error happen once: a bad request let through there makes the later ones 409, failing them too.
 */
let counter = 0;
const fresh = (): number => (counter += 1);
const freshChi = (): string => String(1506191000 + fresh());

// ---------------------------------------------------------------------------------------------
// Requests, sent over a plain socket so that bodies, Content-Type and bytes are exactly as written.

interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  username: string;
  /** undefined: no body at all. */
  body?: string | Buffer;
  /** null: no Content-Type header. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

interface RawResponse {
  status: number;
  contentType: string;
  body: unknown;
}

let testApp: TestApp;
let sequence = 0;
/** Correlation id we sent -> the case that sent it, to name the request behind any audit event. */
const sentCases = new Map<string, string>();

async function send(request: RawRequest, caseName = 'request'): Promise<RawResponse> {
  const token = await testApp.tokenFor(request.username);
  const correlationId = `hostile-${String((sequence += 1)).padStart(5, '0')}`;
  sentCases.set(correlationId, caseName);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId, ...request.headers };
  if (request.contentType !== null && body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  if (body !== undefined) headers['content-length'] = body.length;
  const url = new URL(testApp.baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = incoming.headers['content-type'] ?? '';
        let parsed: unknown = text;
        if (contentType.startsWith('application/json')) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        resolve({ status: incoming.statusCode ?? 0, contentType, body: parsed });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// What a refusal must look like.

interface Expected {
  status: number;
  /** The stable code; a list where more than one code would be as clear (deep nesting may fail parsing or validation). */
  code: ErrorCode | ErrorCode[];
  /** A field `details` must name (itself, or a field inside it). */
  field?: string;
  /** Words the message must contain (a path parameter's name). */
  mentions?: string;
}

const refusal = (code: ErrorCode, field?: string): Expected => ({ status: httpStatusFor(code), code, field });
const invalid = (field?: string): Expected => refusal('VALIDATION_FAILED', field);

function expectRefusal(response: RawResponse, expected: Expected): void {
  const codes = Array.isArray(expected.code) ? expected.code : [expected.code];
  const body: Record<string, unknown> = {
    statusCode: expected.status,
    code: codes.length === 1 ? codes[0] : expect.stringMatching(new RegExp(`^(${codes.join('|')})$`)),
    message: expected.mentions ? expect.stringContaining(expected.mentions) : expect.any(String),
    correlationId: expect.stringMatching(/^hostile-\d{5}$/),
  };
  if (expected.field) {
    const name = new RegExp(`^${expected.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.|$)`);
    body.details = expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(name), problem: expect.any(String) })]);
  }
  const received = { status: response.status, contentType: response.contentType, body: response.body };
  try {
    expect(received).toMatchObject({ status: expected.status, contentType: expect.stringMatching(/^application\/json/), body });
  } catch (error) {
    // The diff leaves out what matched loosely (message, details); the whole response says what the server answered.
    const shown = response.contentType.startsWith('application/json') ? JSON.stringify(received.body).slice(0, 1500) : `<${response.contentType}>`;
    (error as Error).message += `\n\nReceived ${response.status}: ${shown}`;
    throw error;
  }
  expect(['statusCode', 'code', 'message', 'details', 'correlationId']).toEqual(expect.arrayContaining(Object.keys(response.body as object)));
  expect(httpStatusFor((response.body as { code: ErrorCode }).code)).toBe(response.status);
}

// ---------------------------------------------------------------------------------------------
// The write endpoints: a valid request, and the fields of its body.

type Kind = 'text' | 'code' | 'uuid' | 'identifier' | 'date' | 'time' | 'boolean' | 'integer' | 'list' | 'object';

interface Field {
  /** Dotted path into the body; a number indexes an array (identifiers.0.scheme). */
  path: string;
  kind: Kind;
  required?: boolean;
  /** null is refused (default: when required). Optional fields take null as "not given", or in an amendment as "clear". */
  nullable?: boolean;
  /** MaxLength of text and codes, ArrayMaxSize of lists. */
  max?: number;
  /** Lists: the kind of their items. */
  item?: 'code' | 'object';
  notInFuture?: boolean;
  /** The value to corrupt when the valid body leaves the field out. */
  sample?: unknown;
}

interface BodyCase {
  name: string;
  body: (valid: Body, ids: Ids) => unknown;
  expected: Expected;
}

type Body = Record<string, unknown>;

interface Endpoint {
  title: string;
  route: string;
  as: string;
  valid: (ids: Ids) => Body;
  fields: Field[];
  /** Properties this body may not carry (mostly ones the server sets itself): sending them is refused. */
  notAccepted: string[];
  /** Dotted paths of nested objects, to hide __proto__ and unknown fields in. */
  nested?: string[];
  extra?: BodyCase[];
}

const ENTRY_TEXT_LIMITS = {
  summary: 500,
  detail: 10_000,
  impactOnChild: 4_000,
  actionTaken: 4_000,
  noActionReason: 4_000,
  outcome: 4_000,
  professionalAnalysis: 10_000,
  childView: 4_000,
  sourceReference: 200,
  lawfulBasis: 500,
};

/** Every field of a chronology entry; with `prefix` "changes." and `amendment`, the fields of an amendment's `changes`. */
function entryFields(prefix = '', amendment = false): Field[] {
  const required = (name: string) => !amendment && ['eventDate', 'eventType', 'summary'].includes(name);
  // Fields an amendment may change but never clear (src/chronology/entry-content.ts REQUIRED_FIELDS).
  const clearable = (name: string) =>
    !['eventDate', 'datePrecision', 'eventType', 'wellbeingIndicators', 'summary', 'significant', 'nature', 'informationSource', 'sensitivity', 'namesThirdParties'].includes(name);
  const field = (path: string, kind: Kind, options: Partial<Field> = {}): Field => ({
    path: `${prefix}${path}`,
    kind,
    required: required(path),
    nullable: amendment ? clearable(path) : !required(path),
    ...options,
  });
  return [
    field('eventDate', 'date', { notInFuture: true }),
    field('eventEndDate', 'date', { notInFuture: true }),
    field('datePrecision', 'code'),
    field('eventTime', 'time'),
    field('eventType', 'code', { max: 80 }),
    field('wellbeingIndicators', 'list', { item: 'code', max: 8 }),
    field('significant', 'boolean'),
    field('nature', 'code'),
    field('informationSource', 'code'),
    field('sensitivity', 'code'),
    field('namesThirdParties', 'boolean'),
    ...Object.entries(ENTRY_TEXT_LIMITS).map(([name, max]) => field(name, 'text', { max, sample: name === 'noActionReason' ? 'No further action needed.' : undefined })),
  ];
}

/** Everything an entry can say, except noActionReason (an entry gives actionTaken or noActionReason). */
const fullEntry = (overrides: Body = {}): Body =>
  validEntry({
    eventDate: '2026-03-04',
    eventEndDate: '2026-03-05',
    datePrecision: 'day',
    eventTime: '10:30',
    wellbeingIndicators: ['healthy', 'nurtured'],
    detail: 'Weighed and measured at home; mother present throughout.',
    significant: false,
    nature: 'positive',
    impactOnChild: 'Growth reassures the family.',
    outcome: 'No concerns about growth.',
    professionalAnalysis: 'Steady growth along the centile.',
    childView: 'Mother: "She is eating well now."',
    informationSource: 'first-hand',
    sourceReference: 'EMIS-12345',
    sensitivity: 'standard',
    lawfulBasis: 'UK GDPR Art. 6(1)(e)',
    namesThirdParties: false,
    ...overrides,
  });

const ENDPOINTS: Endpoint[] = [
  {
    title: 'POST /api/children',
    route: '/api/children',
    as: USERS.admin,
    valid: () => ({ givenName: 'Ada', familyName: 'Hostile', knownAs: 'Addie', dateOfBirth: '2019-06-15', identifiers: [{ scheme: 'chi', value: freshChi() }] }),
    fields: [
      { path: 'givenName', kind: 'text', required: true, max: 100 },
      { path: 'familyName', kind: 'text', required: true, max: 100 },
      { path: 'knownAs', kind: 'text', max: 100 },
      { path: 'dateOfBirth', kind: 'date', required: true, notInFuture: true },
      { path: 'identifiers', kind: 'list', item: 'object', max: 10 },
      { path: 'identifiers.0.scheme', kind: 'code', required: true },
      { path: 'identifiers.0.value', kind: 'identifier', required: true, max: 40 },
    ],
    notAccepted: ['id', 'createdById', 'createdAt', 'age'],
    nested: ['identifiers.0'],
    extra: [
      { name: 'an identifier that belongs to another child', body: (valid) => ({ ...valid, identifiers: [{ scheme: 'chi', value: CHILD_CHI }] }), expected: refusal('IDENTIFIER_IN_USE') },
      { name: 'the same identifier twice', body: (valid) => ({ ...valid, identifiers: [(valid.identifiers as unknown[])[0], (valid.identifiers as unknown[])[0]] }), expected: invalid('identifiers') },
    ],
  },
  {
    title: 'POST /api/children/:childId/team',
    route: '/api/children/:childId/team',
    as: USERS.admin,
    valid: (ids) => ({ practitionerId: ids.gpId, capacity: 'gp', startsOn: '2025-02-01', endsOn: '2027-12-31' }),
    fields: [
      { path: 'practitionerId', kind: 'uuid', required: true },
      { path: 'capacity', kind: 'code', required: true },
      { path: 'startsOn', kind: 'date', required: true },
      { path: 'endsOn', kind: 'date' },
    ],
    notAccepted: ['childId', 'createdById', 'agency'],
    extra: [
      { name: 'endsOn before startsOn', body: (valid) => ({ ...valid, endsOn: '2025-01-31' }), expected: invalid('endsOn') },
      { name: 'practitionerId of nobody', body: (valid) => ({ ...valid, practitionerId: randomUUID() }), expected: invalid('practitionerId') },
      { name: "practitionerId that is the child's id", body: (valid, ids) => ({ ...valid, practitionerId: ids.childId }), expected: invalid('practitionerId') },
    ],
  },
  {
    title: 'POST /api/children/:childId/team/:involvementId/end',
    route: '/api/children/:childId/team/:involvementId/end',
    as: USERS.admin,
    valid: () => ({ endsOn: '2026-10-31' }),
    fields: [{ path: 'endsOn', kind: 'date', required: true }],
    notAccepted: ['startsOn', 'capacity'],
    extra: [{ name: 'endsOn before the involvement started', body: () => ({ endsOn: '2024-12-31' }), expected: invalid('endsOn') }],
  },
  {
    title: 'POST /api/children/:childId/entries',
    route: '/api/children/:childId/entries',
    as: USERS.healthVisitor,
    valid: () => fullEntry(),
    fields: entryFields(),
    notAccepted: ['id', 'childId', 'sourceAgency', 'sourceAgencyId', 'author', 'authorId', 'recordedAt', 'status', 'version'],
    extra: [
      { name: 'eventEndDate before eventDate', body: (valid) => ({ ...valid, eventEndDate: '2026-03-01' }), expected: invalid('eventEndDate') },
      { name: 'both actionTaken and noActionReason', body: (valid) => ({ ...valid, noActionReason: 'None needed.' }), expected: invalid('noActionReason') },
      { name: 'neither actionTaken nor noActionReason', body: (valid) => ({ ...valid, actionTaken: undefined }), expected: invalid('actionTaken') },
      { name: 'an event type that is not in the taxonomy', body: (valid) => ({ ...valid, eventType: 'alien-abduction' }), expected: invalid('eventType') },
      { name: 'a wellbeing indicator twice', body: (valid) => ({ ...valid, wellbeingIndicators: ['healthy', 'healthy'] }), expected: invalid('wellbeingIndicators') },
      { name: 'a wellbeing indicator that is not SHANARRI', body: (valid) => ({ ...valid, wellbeingIndicators: ['happy'] }), expected: invalid('wellbeingIndicators') },
    ],
  },
  {
    title: 'POST /api/entries/:entryId/amendments',
    route: '/api/entries/:entryId/amendments',
    as: USERS.healthVisitor,
    // No baseVersion: one bad amendment let through would make every later one STALE_VERSION and hide what it gets.
    valid: () => ({
      reason: 'Centile was recorded against the wrong chart',
      changes: fullEntry({ eventDate: '2026-03-03', summary: `Home visit; growth on the 75th centile (amendment ${fresh()}).`, nature: 'neutral' }),
    }),
    fields: [
      { path: 'reason', kind: 'text', required: true, max: 1000 },
      { path: 'baseVersion', kind: 'integer', nullable: false, sample: 1 },
      { path: 'changes', kind: 'object', required: true },
      ...entryFields('changes.', true),
    ],
    notAccepted: ['status', 'version', 'author', 'recordedAt'],
    nested: ['changes'],
    extra: [
      { name: 'changes that change nothing ({})', body: (valid) => ({ ...valid, changes: {} }), expected: refusal('NO_CHANGES') },
      { name: 'a baseVersion that is not the current one', body: (valid) => ({ ...valid, baseVersion: 1000 }), expected: refusal('STALE_VERSION') },
      { name: 'changes.eventEndDate before changes.eventDate', body: (valid) => ({ ...valid, changes: { eventDate: '2026-03-04', eventEndDate: '2026-03-01' } }), expected: invalid('changes.eventEndDate') },
      { name: 'changes clearing actionTaken without a noActionReason', body: (valid) => ({ ...valid, changes: { actionTaken: null } }), expected: invalid('changes.actionTaken') },
      { name: 'changes adding noActionReason beside actionTaken', body: (valid) => ({ ...valid, changes: { noActionReason: 'None needed.' } }), expected: invalid('changes.noActionReason') },
      { name: 'changes.eventType not in the taxonomy', body: (valid) => ({ ...valid, changes: { eventType: 'alien-abduction' } }), expected: invalid('changes.eventType') },
      ...['author', 'sourceAgency', 'recordedAt', 'status', 'version', 'childId'].map((name) => ({
        name: `changes.${name}, which the server sets`,
        body: (valid: Body) => ({ ...valid, changes: { summary: 'Changed.', [name]: 'x' } }),
        expected: invalid(`changes.${name}`),
      })),
    ],
  },
  {
    title: 'POST /api/entries/:entryId/sharing-decisions',
    route: '/api/entries/:entryId/sharing-decisions',
    as: USERS.healthVisitor,
    valid: () => ({
      recipientAgency: 'calderbank-community-school',
      decision: 'shared',
      purpose: 'The school nurse needs the growth record for the health plan.',
      necessity: 'The plan cannot be written without it.',
      lawfulBasis: 'UK GDPR Art. 6(1)(e)',
      familyInformed: true,
      familyViews: 'Mother agrees.',
    }),
    fields: [
      { path: 'recipientAgency', kind: 'code', required: true, max: 64 },
      { path: 'decision', kind: 'code', required: true },
      { path: 'purpose', kind: 'text', required: true, max: 2000 },
      { path: 'necessity', kind: 'text', max: 2000 },
      { path: 'lawfulBasis', kind: 'text', max: 500 },
      { path: 'familyInformed', kind: 'boolean', required: true },
      { path: 'familyNotInformedReason', kind: 'text', max: 2000, sample: 'Telling the family would put the child at risk.' },
      { path: 'familyViews', kind: 'text', max: 2000 },
    ],
    notAccepted: ['decidedBy', 'decidedById', 'decidedAt', 'childId', 'entryId'],
    extra: [
      { name: 'an agency code that names no agency', body: (valid) => ({ ...valid, recipientAgency: 'no-such-agency' }), expected: invalid('recipientAgency') },
      { name: 'the recording agency itself', body: (valid) => ({ ...valid, recipientAgency: 'nhs-lanarkshire' }), expected: invalid('recipientAgency') },
      { name: 'a share without a lawful basis', body: (valid) => ({ ...valid, lawfulBasis: undefined }), expected: invalid('lawfulBasis') },
      { name: 'a share without its necessity', body: (valid) => ({ ...valid, necessity: undefined }), expected: invalid('necessity') },
      { name: 'family not told, without a reason', body: (valid) => ({ ...valid, familyInformed: false }), expected: invalid('familyNotInformedReason') },
    ],
  },
  {
    title: 'POST /api/entries/:entryId/entered-in-error',
    route: '/api/entries/:entryId/entered-in-error',
    as: USERS.healthVisitor,
    valid: () => ({ reason: 'Recorded on the wrong child' }),
    fields: [{ path: 'reason', kind: 'text', required: true, max: 1000 }],
    notAccepted: ['status', 'version'],
  },
  {
    title: 'POST /api/access-claims (by childId)',
    route: '/api/access-claims',
    as: USERS.police,
    valid: (ids) => ({ childId: ids.childId, kind: 'self-claimed', reason: CLAIM_REASON }),
    fields: [
      { path: 'childId', kind: 'uuid', required: true },
      { path: 'kind', kind: 'code', required: true },
      { path: 'reason', kind: 'text', required: true, max: 2000 },
    ],
    notAccepted: ['practitionerId', 'grantedAt', 'expiresAt', 'id'],
    extra: [
      { name: 'childId of no child', body: (valid) => ({ ...valid, childId: randomUUID() }), expected: refusal('NOT_FOUND') },
      { name: 'a reason shorter than the policy minimum', body: (valid) => ({ ...valid, reason: 'Need to look.' }), expected: invalid('reason') },
      { name: 'both childId and identifier', body: (valid) => ({ ...valid, identifier: { scheme: 'chi', value: CHILD_CHI } }), expected: invalid('childId') },
    ],
  },
  {
    title: 'POST /api/access-claims (by identifier)',
    route: '/api/access-claims',
    as: USERS.police,
    valid: () => ({ identifier: { scheme: 'chi', value: CHILD_CHI }, kind: 'emergency', reason: CLAIM_REASON }),
    fields: [
      { path: 'identifier', kind: 'object', required: true },
      { path: 'identifier.scheme', kind: 'code', required: true },
      { path: 'identifier.value', kind: 'identifier', required: true, max: 40 },
      { path: 'kind', kind: 'code', required: true },
    ],
    notAccepted: ['practitionerId'],
    nested: ['identifier'],
    extra: [
      { name: 'an identifier of no child', body: (valid) => ({ ...valid, identifier: { scheme: 'chi', value: '0101010000' } }), expected: refusal('NOT_FOUND') },
      { name: 'identifier as an empty array', body: (valid) => ({ ...valid, identifier: [] }), expected: invalid('identifier') },
    ],
  },
  {
    title: 'POST /api/access-alerts/:claimId/review',
    route: '/api/access-alerts/:claimId/review',
    as: USERS.dpo,
    valid: () => ({ outcome: 'appropriate', notes: 'Confirmed with the team manager that the visit was planned.' }),
    fields: [
      { path: 'outcome', kind: 'code', required: true },
      { path: 'notes', kind: 'text', required: true, max: 4000 },
    ],
    notAccepted: ['reviewedBy', 'reviewedAt', 'claimId'],
  },
  {
    title: 'POST /api/children/:childId/exports',
    route: '/api/children/:childId/exports',
    as: USERS.healthVisitor,
    valid: () => ({
      audience: 'case-conference',
      purpose: 'Child protection case conference on 2 Dec 2026',
      producedFor: 'Conference members',
      lawfulBasis: 'UK GDPR Art. 6(1)(e)',
      from: '2025-01-01',
      to: '2026-11-01',
      agency: ['nhs-lanarkshire'],
      eventType: ['health-assessment'],
      significant: false,
      includeEnteredInError: false,
    }),
    fields: [
      { path: 'audience', kind: 'code', required: true },
      { path: 'purpose', kind: 'text', required: true, max: 300 },
      { path: 'producedFor', kind: 'text', required: true, max: 200 },
      { path: 'lawfulBasis', kind: 'text', max: 500 },
      { path: 'from', kind: 'date' },
      { path: 'to', kind: 'date' },
      { path: 'agency', kind: 'list', item: 'code', max: 20 },
      { path: 'eventType', kind: 'list', item: 'code', max: 50 },
      { path: 'significant', kind: 'boolean' },
      { path: 'includeEnteredInError', kind: 'boolean' },
    ],
    notAccepted: ['producedBy', 'producedAt', 'exportId', 'sha256'],
    extra: [
      { name: 'an audience that does not exist', body: (valid) => ({ ...valid, audience: 'no-such-audience' }), expected: invalid('audience') },
      { name: 'to before from', body: (valid) => ({ ...valid, from: '2026-01-01', to: '2025-01-01' }), expected: invalid('to') },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The corpus, generated.

const INJECTIONS = ["'; DROP TABLE children; --", '1 OR 1=1', '$1'];

/** Characters free text may not carry (docs/api.md: no control characters or bidirectional overrides), nor any text (lone surrogates). */
const FORBIDDEN_CHARACTERS: [string, string][] = [
  ['NUL (U+0000)', '\u0000'],
  ['BEL (U+0007)', '\u0007'],
  ['ESC (U+001B)', '\u001b'],
  ['DEL (U+007F)', '\u007f'],
  ['the C1 control NEL (U+0085)', '\u0085'],
  ['the C1 control CSI (U+009B)', '\u009b'],
  ['a right-to-left override (U+202E)', '\u202e'],
  ['a left-to-right isolate (U+2066)', '\u2066'],
  ['a lone high surrogate (U+D800)', '\ud800'],
  ['a lone low surrogate (U+DC00)', '\udc00'],
];

const BAD_DATES: [string, string][] = [
  ['30 February', '2025-02-30'],
  ['29 February of a common year', '2025-02-29'],
  ['month 13', '2025-13-01'],
  ['month 00', '2025-00-10'],
  ['day 32', '2025-01-32'],
  ['all zeros', '0000-00-00'],
  ['no zero padding', '2025-1-1'],
  ['before 1900', '1899-12-31'],
  ['a five-digit year', '99999-01-01'],
  ['empty', ''],
  ['with a time', '2025-01-01T10:00:00Z'],
  ['with a time and no zone', '2025-01-01 10:00'],
  ['day first', '01/02/2025'],
  ['a word', 'yesterday'],
  ['a trailing NUL', '2025-01-01\u0000'],
  ['a trailing space', '2025-01-01 '],
  ['full-width digits', '\uff12\uff10\uff12\uff15-01-01'],
  ['an emoji', '2025-01-0\u{1F600}'],
  ...INJECTIONS.map((value): [string, string] => ['SQL', value]),
];

const BAD_TIMES: [string, string][] = [
  ['hour 24', '24:00'],
  ['no zero padding', '9:30'],
  ['minute 60', '10:60'],
  ['with seconds', '10:30:00'],
  ['with a zone', '10:30Z'],
  ['empty', ''],
  ['a word', 'noon'],
  ['an emoji', '10:3\u{1F600}'],
  ...INJECTIONS.map((value): [string, string] => ['SQL', value]),
];

/** Shows a value in a test name: printable ASCII only, long strings by length. */
function show(value: unknown): string {
  if (typeof value === 'string' && value.length > 60) return `<${value.length} characters>`;
  const text = JSON.stringify(value) ?? String(value);
  return text.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function getPath(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

function setPath(body: Body, path: string, value: unknown): Body {
  const copy = clone(body);
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  parent[keys[keys.length - 1]] = value;
  return copy;
}

function deletePath(body: Body, path: string): Body {
  const copy = clone(body);
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  delete parent[keys[keys.length - 1]];
  return copy;
}

/** The bad values of one field: wrong types, then wrong values of the right type. */
function badValues(field: Field, valid: unknown): [string, unknown][] {
  const nullable = field.nullable ?? !field.required;
  const wrongTypes: [string, unknown][] = [];
  const isString = ['text', 'code', 'uuid', 'identifier', 'date', 'time'].includes(field.kind);
  if (field.kind !== 'integer') wrongTypes.push(['a number', 42]);
  if (field.kind !== 'boolean') wrongTypes.push(['a boolean', true]);
  if (field.kind !== 'object') wrongTypes.push(['an object', { value: valid }]);
  if (field.kind !== 'list') wrongTypes.push(['an array holding the valid value', [valid]]);
  if (!isString) wrongTypes.push(['a string', field.kind === 'boolean' ? 'true' : field.kind === 'integer' ? '1' : 'text']);
  if (!nullable) wrongTypes.push(['null', null]);
  const values: [string, unknown][] = wrongTypes.map(([label, value]) => [`${label} (${show(value)})`, value]);

  switch (field.kind) {
    case 'text':
      values.push(['empty', ''], ['blank', '   ']);
      if (field.max) values.push([`${field.max + 1} characters, over the maximum`, 'a'.repeat(field.max + 1)]);
      // Long enough for every minimum (a claim's reason needs 20 characters), so the character is the only fault.
      for (const [label, character] of FORBIDDEN_CHARACTERS) values.push([`text with ${label}`, `Home visit ${character} noted by the duty worker`]);
      break;
    case 'code': {
      const code = String(valid);
      values.push(
        ['an emoji', '\u{1F600}'],
        ['the valid value with an emoji', `${code}\u{1F600}`],
        ['the valid value padded with spaces', ` ${code} `],
        ['the valid value in capitals', code.toUpperCase()],
        ['the valid value with a NUL', `${code}\u0000`],
        ['the valid value behind a right-to-left override', `\u202e${code}`],
        ['the valid value with a lone surrogate', `${code}\ud800`],
        ['empty', ''],
        ...INJECTIONS.map((value): [string, unknown] => [`SQL ${show(value)}`, value]),
      );
      if (field.max) values.push([`${field.max + 1} characters, over the maximum`, 'a'.repeat(field.max + 1)]);
      break;
    }
    case 'uuid': {
      const id = String(valid);
      values.push(
        ['abc', 'abc'],
        ['1', '1'],
        ['an emoji', '\u{1F600}'],
        ['the valid id with a character appended', `${id}x`],
        ['the valid id without hyphens', id.replace(/-/g, '')],
        ['the valid id in braces', `{${id}}`],
        ['the valid id with a NUL', `${id}\u0000`],
        ['the valid id padded with spaces', ` ${id} `],
        ['empty', ''],
        ...INJECTIONS.map((value): [string, unknown] => [`SQL ${show(value)}`, value]),
      );
      break;
    }
    case 'identifier':
      values.push(
        ['letters', 'ABCDEFGHIJ'],
        ['nine digits', '150619009'],
        ['eleven digits', '15061900991'],
        ['an emoji', '\u{1F600}'],
        ['digits with an emoji', `${String(valid).slice(0, 9)}\u{1F600}`],
        ['digits with a NUL', `${String(valid)}\u0000`],
        ['digits with a lone surrogate', `${String(valid)}\ud800`],
        ['empty', ''],
        ...INJECTIONS.map((value): [string, unknown] => [`SQL ${show(value)}`, value]),
      );
      if (field.max) values.push([`${field.max + 1} digits, over the maximum`, '1'.repeat(field.max + 1)]);
      break;
    case 'date':
      values.push(...BAD_DATES.map(([label, value]): [string, unknown] => [`${label} ${show(value)}`, value]));
      if (field.notInFuture) values.push(['in the future "2999-01-01"', '2999-01-01']);
      break;
    case 'time':
      values.push(...BAD_TIMES.map(([label, value]): [string, unknown] => [`${label} ${show(value)}`, value]));
      break;
    case 'integer':
      values.push(['zero', 0], ['negative', -1], ['over the maximum (1000001)', 1_000_001], ['a fraction (1.5)', 1.5], ['1e300', 1e300]);
      break;
    case 'list': {
      const first = Array.isArray(valid) ? valid[0] : undefined;
      values.push(['a list holding a number', [42]], ['a list holding null', [null]], ['a list nested in a list', [[first]]]);
      if (field.item === 'code') {
        values.push(
          ['a list holding an emoji', ['\u{1F600}']],
          ['a list holding a code with a NUL', [`${String(first)}\u0000`]],
          ...INJECTIONS.map((value): [string, unknown] => [`a list holding SQL ${show(value)}`, [value]]),
          ['a list holding an object', [{ code: first }]],
        );
        if (field.max) values.push([`${field.max + 1} codes, over the maximum`, Array.from({ length: field.max + 1 }, (_, index) => `code-${index}`)]);
      } else {
        values.push(['a list holding a string', ['chi:1506191234']]);
        if (field.max) values.push([`${field.max + 1} items, over the maximum`, Array.from({ length: field.max + 1 }, () => first)]);
      }
      break;
    }
    case 'boolean':
      values.push(['the string "false"', 'false'], ['0', 0]);
      break;
    case 'object':
      break;
  }
  return values;
}

interface Case {
  name: string;
  request: (ids: Ids) => RawRequest;
  expected: Expected;
}

/** Bodies of deep nesting well within the body limit. */
const WITHIN_LIMIT_BYTES = 65_000;
/** Past any body limit of the API: no DTO of these endpoints is sized above the unsized limit, and none above 2 MB. */
const PAST_THE_LIMIT_BYTES = 2 * 1024 * 1024 + 1;
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** `constructor` and `prototype` are unknown fields like any other; refusing them while parsing (as `__proto__` is) would be as clear. */
const pollution: Expected = { status: 400, code: ['VALIDATION_FAILED', 'MALFORMED_JSON'] };
/** Deep nesting within the size limit: refusing it while parsing or while validating are both clear answers. */
const deeplyNested: Expected = { status: 400, code: ['VALIDATION_FAILED', 'MALFORMED_JSON'] };

function bodyCases(endpoint: Endpoint): Case[] {
  const post = (body: ((ids: Ids) => string | Buffer | undefined) | string, options: Partial<RawRequest> = {}) => (ids: Ids): RawRequest => ({
    method: 'POST',
    path: fill(endpoint.route, ids),
    username: endpoint.as,
    body: typeof body === 'string' ? body : body(ids),
    ...options,
  });
  const json = (ids: Ids) => JSON.stringify(endpoint.valid(ids));
  const firstField = endpoint.fields[0].path;
  /** The valid body with `raw` JSON text in place of its first field's value. */
  const withRaw = (raw: string) => (ids: Ids) => JSON.stringify(setPath(endpoint.valid(ids), firstField, '\u0001RAW\u0001')).replace('"\\u0001RAW\\u0001"', raw);
  const textField = endpoint.fields.find((field) => field.kind === 'text')?.path ?? firstField;
  const malformed = refusal('MALFORMED_JSON');
  const cases: Case[] = [
    { name: 'malformed JSON: truncated', request: post((ids) => json(ids).slice(0, -1)), expected: malformed },
    { name: 'malformed JSON: a trailing comma', request: post((ids) => json(ids).replace(/}$/, ',}')), expected: malformed },
    { name: 'malformed JSON: single quotes', request: post("{'reason': 'x'}"), expected: malformed },
    { name: 'malformed JSON: an unquoted key', request: post('{reason: "x"}'), expected: malformed },
    { name: 'malformed JSON: NaN', request: post(withRaw('NaN')), expected: malformed },
    { name: 'malformed JSON: a comment', request: post((ids) => `/* note */${json(ids)}`), expected: malformed },
    { name: 'malformed JSON: text after the body', request: post((ids) => `${json(ids)} and more`), expected: malformed },
    { name: 'malformed JSON: two bodies', request: post((ids) => `${json(ids)}${json(ids)}`), expected: malformed },
    { name: 'body null', request: post('null'), expected: malformed },
    { name: 'body a number', request: post('42'), expected: malformed },
    { name: 'body a bare string', request: post('"hello"'), expected: malformed },
    { name: 'body true', request: post('true'), expected: malformed },
    { name: 'body only whitespace', request: post('  \n\t '), expected: malformed },
    { name: 'body an empty array', request: post('[]'), expected: invalid() },
    { name: 'body the valid body inside an array', request: post((ids) => `[${json(ids)}]`), expected: invalid() },
    { name: 'body an empty object', request: post('{}'), expected: invalid() },
    { name: 'an empty body', request: post(''), expected: invalid() },
    { name: 'no body and no Content-Type', request: post(() => undefined, { contentType: null }), expected: invalid() },
    ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'].map((contentType) => ({
      name: `the valid body as JSON text sent as ${contentType}`,
      request: post(json, { contentType }),
      expected: refusal('UNSUPPORTED_MEDIA_TYPE'),
    })),
    { name: 'the valid body with charset=iso-8859-1', request: post(json, { contentType: 'application/json; charset=iso-8859-1' }), expected: refusal('UNSUPPORTED_MEDIA_TYPE') },
    { name: 'the valid body with Content-Encoding: compress', request: post(json, { headers: { 'content-encoding': 'compress' } }), expected: refusal('UNSUPPORTED_MEDIA_TYPE') },
    { name: 'the valid body marked Content-Encoding: gzip but not compressed', request: post(json, { headers: { 'content-encoding': 'gzip' } }), expected: malformed },
    {
      name: `bytes that are not UTF-8 in ${textField}`,
      request: post((ids) => {
        const [before, after] = JSON.stringify(setPath(endpoint.valid(ids), textField, '\u0001')).split('\\u0001');
        return Buffer.concat([Buffer.from(`${before}Home visit `), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(` noted by the duty worker${after}`)]);
      }),
      expected: { status: 400, code: ['MALFORMED_JSON', 'VALIDATION_FAILED'] },
    },
    { name: '"__proto__" at the top level', request: post((ids) => json(ids).replace(/^{/, '{"__proto__":{"polluted":true},')), expected: malformed },
    ...(endpoint.nested ?? []).map((path) => ({
      name: `"__proto__" inside ${path}`,
      request: post((ids) => JSON.stringify(setPath(endpoint.valid(ids), `${path}.\u0001`, 1)).replace('"\\u0001":1', '"__proto__":{"polluted":true}')),
      expected: malformed,
    })),
    ...['constructor', 'prototype'].flatMap((key) => [
      { name: `"${key}" at the top level`, request: post((ids) => JSON.stringify({ ...endpoint.valid(ids), [key]: { prototype: { polluted: true } } })), expected: pollution },
      ...(endpoint.nested ?? []).map((path) => ({
        name: `"${key}" inside ${path}`,
        request: post((ids) => JSON.stringify(setPath(endpoint.valid(ids), `${path}.${key}`, { prototype: { polluted: true } }))),
        expected: pollution,
      })),
    ]),
    { name: 'an unknown field', request: post((ids) => JSON.stringify({ ...endpoint.valid(ids), unexpected: 'x' })), expected: invalid('unexpected') },
    ...endpoint.notAccepted.map((name) => ({
      name: `${name}, which this body may not carry`,
      request: post((ids) => JSON.stringify({ ...endpoint.valid(ids), [name]: name.endsWith('Id') || name === 'id' ? randomUUID() : 'x' })),
      expected: invalid(name),
    })),
    ...(endpoint.nested ?? []).map((path) => ({
      name: `an unknown field inside ${path}`,
      request: post((ids) => JSON.stringify(setPath(endpoint.valid(ids), `${path}.unexpected`, 'x'))),
      expected: invalid(`${path}.unexpected`),
    })),
    { name: 'a 10 MB body', request: post((ids) => JSON.stringify(setPath(endpoint.valid(ids), textField, 'a'.repeat(10 * 1024 * 1024)))), expected: refusal('PAYLOAD_TOO_LARGE') },
    { name: '5,000 nested arrays as the body', request: post(nestedArrays(5_000)), expected: deeplyNested },
    { name: `5,000 nested arrays in ${firstField}`, request: post(withRaw(nestedArrays(5_000))), expected: deeplyNested },
    { name: `5,000 nested objects in ${firstField}`, request: post(withRaw(nestedObjects(5_000))), expected: deeplyNested },
    {
      name: `nested arrays in ${firstField} about 32,000 deep (65,000 bytes)`,
      request: post((ids) => withRaw(nestedArrays(Math.floor((WITHIN_LIMIT_BYTES - json(ids).length) / 2)))(ids)),
      expected: deeplyNested,
    },
    { name: 'nested arrays past every body limit', request: post(nestedArrays(Math.ceil(PAST_THE_LIMIT_BYTES / 2))), expected: refusal('PAYLOAD_TOO_LARGE') },
    { name: 'nested objects past every body limit', request: post(nestedObjects(Math.ceil(PAST_THE_LIMIT_BYTES / 6))), expected: refusal('PAYLOAD_TOO_LARGE') },
  ];
  return cases;
}

function fieldCases(endpoint: Endpoint, validForNames: Body): Case[] {
  const cases: Case[] = [];
  const post = (body: (ids: Ids) => unknown) => (ids: Ids): RawRequest => ({
    method: 'POST',
    path: fill(endpoint.route, ids),
    username: endpoint.as,
    body: JSON.stringify(body(ids)),
  });
  for (const field of endpoint.fields) {
    if (field.required) cases.push({ name: `${field.path}: missing`, request: post((ids) => deletePath(endpoint.valid(ids), field.path)), expected: invalid(field.path) });
    // Values are generated from the valid body as declared; ids in it are filled in when the request is made.
    const validValue = getPath(validForNames, field.path) ?? field.sample;
    for (const [label, bad] of badValues(field, validValue)) {
      cases.push({
        name: `${field.path}: ${label}`,
        request: post((ids) => setPath(endpoint.valid(ids), field.path, substituteIds(bad, validForNames, endpoint.valid(ids), field.path))),
        expected: invalid(field.path),
      });
    }
  }
  for (const extra of endpoint.extra ?? []) {
    cases.push({ name: extra.name, request: post((ids) => extra.body(endpoint.valid(ids), ids)), expected: extra.expected });
  }
  return cases;
}

/** Bad values derived from a placeholder id are re-derived from the real id when the request is made. */
function substituteIds(bad: unknown, placeholderBody: Body, realBody: Body, path: string): unknown {
  const placeholder = getPath(placeholderBody, path);
  const real = getPath(realBody, path);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (typeof placeholder !== 'string' || typeof real !== 'string' || !uuid.test(placeholder) || placeholder === real) return bad;
  return JSON.parse(JSON.stringify(bad).split(placeholder).join(real).split(placeholder.replace(/-/g, '')).join(real.replace(/-/g, '')));
}

/** Ids in a path, each replaceable by a bad one. */
function fill(route: string, ids: Ids, overrides: Record<string, string> = {}): string {
  return route.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? (ids as unknown as Record<string, string>)[name]);
}

/** [label, the bad id from the real one, whether the router can decode it (and so the answer can name the parameter, not only what is wrong with the address)] */
const BAD_PATH_IDS: [string, (id: string) => string, boolean?][] = [
  ['a path traversal', () => '..%2F..%2Fetc%2Fpasswd'],
  ['an encoded ".."', () => '%2E%2E'],
  ['1', () => '1'],
  ['abc', () => 'abc'],
  ['-1', () => '-1'],
  ['null', () => 'null'],
  ['the id with a character appended', (id) => `${id}x`],
  ['the id one character short', (id) => id.slice(0, -1)],
  ['the id without hyphens', (id) => id.replace(/-/g, '')],
  ['the id in braces', (id) => `%7B${id}%7D`],
  ['the id with a trailing space', (id) => `${id}%20`],
  ['the id with a NUL', (id) => `${id}%00`],
  ['the id with an encoded slash and ..', (id) => `${id}%2F..`],
  ['an emoji', () => encodeURIComponent('\u{1F600}')],
  ...INJECTIONS.map((value): [string, () => string] => [`SQL ${show(value)}`, () => encodeURIComponent(value)]),
  ['a malformed percent-encoding', () => '%E0%A4%A', false],
  ['a lone percent sign', () => '%', false],
  ['10,000 characters', () => 'a'.repeat(10_000)],
];

function pathCases(endpoint: Endpoint): Case[] {
  const params = [...endpoint.route.matchAll(/:(\w+)/g)].map((match) => match[1]);
  return params.flatMap((param) => [
    ...BAD_PATH_IDS.map(([label, bad, decodable = true]) => ({
      name: `path ${param}: ${label}`,
      request: (ids: Ids): RawRequest => ({
        method: 'POST',
        path: fill(endpoint.route, ids, { [param]: bad((ids as unknown as Record<string, string>)[param]) }),
        username: endpoint.as,
        body: JSON.stringify(endpoint.valid(ids)),
      }),
      expected: { ...invalid(), mentions: decodable ? param : '%-escape' },
    })),
    {
      name: `path ${param}: a well-formed UUID that names nothing`,
      request: (ids: Ids): RawRequest => ({ method: 'POST', path: fill(endpoint.route, ids, { [param]: randomUUID() }), username: endpoint.as, body: JSON.stringify(endpoint.valid(ids)) }),
      expected: refusal('NOT_FOUND'),
    },
  ]);
}

/** Stand-in ids to generate case names before beforeAll has made the real ones. */
const PLACEHOLDER_IDS: Ids = {
  childId: '11111111-1111-4111-8111-111111111111',
  involvementId: '22222222-2222-4222-8222-222222222222',
  entryId: '33333333-3333-4333-8333-333333333333',
  claimId: '44444444-4444-4444-8444-444444444444',
  gpId: '55555555-5555-4555-8555-555555555555',
};

const corpus = ENDPOINTS.map((endpoint) => ({
  endpoint,
  cases: [...bodyCases(endpoint), ...fieldCases(endpoint, endpoint.valid(PLACEHOLDER_IDS)), ...pathCases(endpoint)],
}));

// Query parameters of the read routes that take codes, ids, dates and numbers: SQL in each is a 400.
const QUERY_PARAMETERS: { route: string; as: string; parameters: string[]; base?: (ids: Ids) => string }[] = [
  { route: '/api/children', as: USERS.admin, parameters: ['dateOfBirth', 'limit'] },
  { route: '/api/children/:childId/chronology', as: USERS.healthVisitor, parameters: ['from', 'to', 'agency', 'eventType', 'wellbeingIndicator', 'significant', 'includeEnteredInError', 'page', 'pageSize'] },
  { route: '/api/sharing-decisions', as: USERS.dpo, parameters: ['childId', 'since', 'limit'] },
  { route: '/api/access-alerts', as: USERS.dpo, parameters: ['since', 'status', 'limit'] },
  { route: '/api/policy/explain', as: USERS.healthVisitor, parameters: ['childId', 'entryId'], base: (ids) => `childId=${ids.childId}` },
  {
    route: '/api/audit/events',
    as: USERS.dpo,
    parameters: ['childId', 'childIdentifier', 'agency', 'action', 'outcome', 'purpose', 'breakGlass', 'from', 'to', 'limit', 'cursor'],
  },
];

const queryCases = QUERY_PARAMETERS.flatMap(({ route, as, parameters, base }) =>
  parameters.flatMap((parameter) =>
    INJECTIONS.map((value) => ({
      name: `GET ${route}?${parameter}=${show(value)}`,
      parameter,
      request: (ids: Ids): RawRequest => {
        const others = base ? new URLSearchParams(base(ids)) : new URLSearchParams();
        others.set(parameter, value);
        return { method: 'GET', path: `${fill(route, ids)}?${others.toString()}`, username: as };
      },
    })),
  ),
);

// ---------------------------------------------------------------------------------------------

describe('hostile input to every write endpoint', () => {
  const ids = {} as Ids;
  let before: DatabaseSnapshot;
  let auditMark: string;
  /** Identity-provider internals and browser sessions change on their own; the audit trail is checked by itself. */
  const NOT_SNAPSHOTTED = ['http_sessions', 'dev_idp_store'];

  beforeAll(async () => {
    // The corpus is over a thousand requests from a handful of users: per-user rate limiting would
    // answer 429 long before the end and hide what each request gets on its own.
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0', AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    ids.childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    ]);
    await testApp.ownerQuery(`INSERT INTO child_identifiers (child_id, scheme, value) VALUES ($1, 'chi', $2)`, [ids.childId, CHILD_CHI]);
    ids.gpId = await practitionerId(testApp, USERS.gp);
    const socialWorkerId = await practitionerId(testApp, USERS.socialWorker);
    const team = await apiFor(testApp, USERS.admin).get(`/api/children/${ids.childId}/team`);
    ids.involvementId = (team.body as { id: string; practitioner: { id: string } }[]).find((involvement) => involvement.practitioner.id === socialWorkerId)!.id;
    const entry = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${ids.childId}/entries`, validEntry());
    if (entry.status !== 201) throw new Error(`Could not record the entry: ${JSON.stringify(entry.body)}`);
    ids.entryId = entry.body.id;
    const claim = await apiFor(testApp, USERS.teacher).post('/api/access-claims', { childId: ids.childId, kind: 'self-claimed', reason: CLAIM_REASON });
    if (claim.status !== 201) throw new Error(`Could not claim access: ${JSON.stringify(claim.body)}`);
    ids.claimId = claim.body.id;
    // Every token, and a first request with it, before the first snapshot.
    for (const username of new Set([...ENDPOINTS.map((endpoint) => endpoint.as), ...QUERY_PARAMETERS.map((query) => query.as)])) {
      expect((await apiFor(testApp, username).get('/api/me')).status).toBe(200);
    }
    before = await snapshotDatabase(testApp, { exclude: NOT_SNAPSHOTTED });
    auditMark = await auditHighWaterMark(testApp);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  describe.each(corpus)('$endpoint.title', ({ cases }) => {
    it.each(cases)('refuses $name', async ({ name, request, expected }) => {
      expectRefusal(await send(request(ids), name), expected);
    });
  });

  describe('SQL in query parameters of read routes', () => {
    it.each(queryCases)('refuses $name', async ({ name, parameter, request }) => {
      expectRefusal(await send(request(ids), name), invalid(parameter));
    });
  });

  describe('afterwards', () => {
    it('every table is as it was before the corpus', async () => {
      expect(await snapshotDatabase(testApp, { exclude: NOT_SNAPSHOTTED })).toEqual(before);
    });

    it('the audit trail gained refusals only, no successful event', async () => {
      const events = await auditEventsAfter(testApp, auditMark);
      // Named by the case that sent the request, to find what got through.
      const succeeded = events.filter((event) => event.outcome === 'success').map((event) => `${event.action} by ${event.actor} after: ${sentCases.get(event.correlationId ?? '') ?? event.correlationId}`);
      expect(succeeded).toEqual([]);
    });

    it('no prototype was polluted', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('GET /health still answers 200', async () => {
      const health = await fetch(`${testApp.baseUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });
    });

    // In the order the valid requests can follow one another (amend, then share, then mark in error).
    it.each(ENDPOINTS)('the valid request to $title still succeeds', async (endpoint) => {
      const response = await send({ method: 'POST', path: fill(endpoint.route, ids), username: endpoint.as, body: JSON.stringify(endpoint.valid(ids)) }, `valid ${endpoint.title}`);
      expect({ status: response.status, body: response.contentType.startsWith('application/json') ? response.body : response.contentType }).toMatchObject({ status: 201 });
    });
  });
});
