import { describe, expect, it } from 'vitest';
import {
  HANDLER_ROLES,
  PARTY_ROLES,
  ROUTE_ROLES,
  canReadCase,
  duplicateNeedsOtherCase,
  eventShownAs,
  isAssignedHandler,
  mayCall,
  mayReadDuplicate,
  namesRelatedCase,
  PRESERVATION_PATH,
  pathsHandledBy,
  readScope,
  respondentHistoryScope,
  scopeValue,
  seesContactDetails,
  seesPersonalIds,
  type Caller,
} from '#domain/access.ts';
import { AGENCIES, type Agency } from '#domain/agencies.ts';
import { preservationComplaint } from '#domain/case.ts';
import { PATHS, ROLES, STATUSES, type Case, type CaseFlags, type EnforcementState, type Role } from '#domain/model.ts';
import { triage } from '#domain/routing.ts';
import { parsedComplaint } from '../support/complaints.ts';

const base: Pick<Case, 'ownerSub' | 'path' | 'status' | 'outcome' | 'assignee'> = {
  ownerSub: 'owner-1',
  path: 'mediation',
  status: 'queued',
  outcome: null,
  assignee: null,
};

const OWNER: Caller = { role: 'rights_holder', sub: 'owner-1' };
const STRANGER: Caller = { role: 'rights_holder', sub: 'owner-2' };
const assigned = { ...base, status: 'in_progress' as const, assignee: 'm1' };

describe('who may read a case (SPEC §2)', () => {
  it('lets the owner read and no other rights holder', () => {
    expect(canReadCase(OWNER, base)).toBe(true);
    expect(canReadCase(STRANGER, base)).toBe(false);
  });

  it('lets handlers of the case path read and handlers of other paths not', () => {
    expect(canReadCase({ role: 'mediator', sub: 'm' }, base)).toBe(true);
    for (const role of ['arbitrator', 'notary', 'officer'] as const) {
      expect(canReadCase({ role, sub: 'h' }, base)).toBe(false);
    }
  });

  it('lets no handler read a case not yet routed', () => {
    expect(canReadCase({ role: 'mediator', sub: 'm' }, { ...base, path: null, status: 'submitted' })).toBe(false);
  });

  it('lets court, procuratorate and supervisor read every case', () => {
    for (const role of ['court', 'procuratorate', 'supervisor'] as const) {
      expect(canReadCase({ role, sub: 'x' }, { ...base, ownerSub: 'someone' })).toBe(true);
    }
  });

  it('lets police read only cases transferred to police', () => {
    const police = { role: 'police', sub: 'p' } as const;
    expect(canReadCase(police, base)).toBe(false);
    expect(canReadCase(police, { ...base, status: 'transferred', outcome: { transferredTo: 'litigation' } })).toBe(false);
    expect(canReadCase(police, { ...base, status: 'transferred', outcome: { transferredTo: 'police' } })).toBe(true);
  });

  it('covers every role', () => {
    for (const role of ROLES) expect(typeof canReadCase({ role, sub: 'x' }, base)).toBe('boolean');
  });

  it('is the read scope a list query uses, checked on one case', () => {
    // Every role (officers of every agency, and one with none) × a spread of cases, enforcement
    // cases of every agency among them: canReadCase agrees with "meets every scope condition".
    const enforcements: (EnforcementState | null)[] = [null, ...AGENCIES.map((agency) => ({ agency, matter: 'copyright' as const }))];
    const cases = STATUSES.flatMap((status) =>
      [null, ...PATHS].flatMap((path) =>
        [null, { transferredTo: 'police' }, { transferredTo: 'litigation' }].flatMap((outcome) =>
          enforcements.map((enforcement) => ({ ...base, status, path: path as Case['path'], outcome, enforcement })),
        ),
      ),
    );
    const callers: Caller[] = [
      ...ROLES.map((role) => ({ role, sub: 'owner-1' })),
      ...AGENCIES.map((agency): Caller => ({ role: 'officer', sub: 'o', agency })),
    ];
    for (const caller of callers) {
      for (const c of cases) {
        const meets = readScope(caller).every((cond) => scopeValue(c, cond.field) === cond.value);
        expect(canReadCase(caller, c), `${caller.role}/${caller.agency} ${c.status} ${c.path} ${c.enforcement?.agency}`).toBe(meets);
      }
    }
  });

  it('scopes the read-all roles to nothing, a rights holder to its own cases, a handler to its path', () => {
    expect(readScope({ role: 'court', sub: 'c' })).toEqual([]);
    expect(readScope(OWNER)).toEqual([{ field: 'owner', value: 'owner-1' }]);
    expect(readScope({ role: 'notary', sub: 'n' })).toEqual([{ field: 'path', value: 'notarization' }]);
    expect(readScope({ role: 'officer', sub: 'o', agency: 'forestry' })).toEqual([{ field: 'agency', value: 'forestry' }]);
    expect(readScope({ role: 'officer', sub: 'o' })).toEqual([{ field: 'agency', value: 'market_regulation' }]);
    expect(readScope({ role: 'police', sub: 'p' })).toEqual([
      { field: 'status', value: 'transferred' },
      { field: 'transferredTo', value: 'police' },
    ]);
  });
});

describe('who is the assigned handler', () => {
  it('is a handler of the case’s path whose sub is the assignee', () => {
    expect(isAssignedHandler({ role: 'mediator', sub: 'm1' }, assigned)).toBe(true);
    expect(isAssignedHandler({ role: 'mediator', sub: 'm2' }, assigned)).toBe(false);
  });

  it('is not a user of another role whom a supervisor named as assignee', () => {
    expect(isAssignedHandler({ role: 'court', sub: 'm1' }, assigned)).toBe(false);
    expect(isAssignedHandler({ role: 'arbitrator', sub: 'm1' }, assigned)).toBe(false);
  });

  it('knows which paths each handler role works, and that other roles work none', () => {
    expect(HANDLER_ROLES.map((role) => pathsHandledBy({ role }))).toEqual([
      ['mediation'],
      ['arbitration'],
      ['notarization'],
      ['administrative_adjudication', 'administrative_enforcement'],
    ]);
    for (const role of ['court', 'procuratorate', 'police', 'supervisor', 'rights_holder', 'respondent'] as const) {
      expect(pathsHandledBy({ role }), role).toEqual([]);
    }
  });
});

describe('which cases an officer reads and works, by its agency (SPEC §2, §12)', () => {
  const enforcementCase = (enforcement: EnforcementState) => ({
    ...base,
    path: 'administrative_enforcement' as const,
    status: 'in_progress' as const,
    assignee: 'o-1',
    enforcement,
  });
  const copyrightCase = enforcementCase({ agency: 'culture_tourism', matter: 'copyright' });
  const trademarkCase = enforcementCase({ agency: 'market_regulation', matter: 'trademark_counterfeiting' });
  const adjudicationCase = { ...base, path: 'administrative_adjudication' as const, status: 'in_progress' as const, assignee: 'o-1' };
  const officer = (agency?: Agency): Caller => ({ role: 'officer', sub: 'o-1', ...(agency ? { agency } : {}) });

  it('lets a culture-tourism officer read a copyright enforcement case but not a trademark one nor an adjudication case', () => {
    // Prepare
    const cultureOfficer = officer('culture_tourism');

    // Act
    const reads = [copyrightCase, trademarkCase, adjudicationCase].map((c) => canReadCase(cultureOfficer, c));

    // Assess
    expect(reads).toEqual([true, false, false]);
  });

  it('lets a market-regulation officer, and an officer whose token names no agency, read adjudication and market-regulation enforcement cases only', () => {
    for (const caller of [officer('market_regulation'), officer()]) {
      // Act
      const reads = [adjudicationCase, trademarkCase, copyrightCase].map((c) => canReadCase(caller, c));

      // Assess
      expect(reads, String(caller.agency)).toEqual([true, true, false]);
    }
  });

  it('lets no officer read an enforcement case whose agency is not on record', () => {
    const orphan = { ...base, path: 'administrative_enforcement' as const, enforcement: null };
    for (const agency of AGENCIES) expect(canReadCase(officer(agency), orphan), agency).toBe(false);
  });

  it('makes an officer of another agency neither a handler nor the assigned handler of a case, even with the assignee’s sub', () => {
    // Prepare: the copyright case is assigned to o-1; a forestry officer with the same sub tries.
    const forestryOfficer = officer('forestry');

    // Act + Assess
    expect(isAssignedHandler(officer('culture_tourism'), copyrightCase)).toBe(true);
    expect(isAssignedHandler(forestryOfficer, copyrightCase)).toBe(false);
    expect(isAssignedHandler(officer(), copyrightCase)).toBe(false);
    expect(isAssignedHandler(officer('culture_tourism'), adjudicationCase)).toBe(false);
    expect(seesContactDetails(forestryOfficer, copyrightCase, 'complainant')).toBe(false);
  });

  it('gives each agency’s officers its own work queues: adjudication to market regulation only, enforcement to every agency', () => {
    // Act
    const paths = Object.fromEntries(AGENCIES.map((agency) => [agency, pathsHandledBy(officer(agency))]));

    // Assess
    expect(paths).toEqual({
      market_regulation: ['administrative_adjudication', 'administrative_enforcement'],
      culture_tourism: ['administrative_enforcement'],
      agriculture_rural: ['administrative_enforcement'],
      forestry: ['administrative_enforcement'],
    });
    expect(pathsHandledBy(officer())).toEqual(paths['market_regulation']);
  });

  it('ignores an agency named on the token of a role that is not an officer', () => {
    const mediator: Caller = { role: 'mediator', sub: 'm', agency: 'forestry' };
    expect(pathsHandledBy(mediator)).toEqual(['mediation']);
    expect(readScope(mediator)).toEqual([{ field: 'path', value: 'mediation' }]);
  });
});

describe('who sees personal ID numbers unmasked (SPEC §9)', () => {
  it('is the owner and the assigned handler only', () => {
    expect(seesPersonalIds(OWNER, base)).toBe(true);
    expect(seesPersonalIds({ role: 'mediator', sub: 'm1' }, assigned)).toBe(true);
    expect(seesPersonalIds({ role: 'mediator', sub: 'm2' }, assigned)).toBe(false);
    expect(seesPersonalIds({ role: 'court', sub: 'c' }, base)).toBe(false);
    expect(seesPersonalIds({ role: 'supervisor', sub: 's' }, base)).toBe(false);
  });

  it('is not a user of another role whom a supervisor named as assignee', () => {
    expect(seesPersonalIds({ role: 'court', sub: 'c1' }, { ...base, assignee: 'c1' })).toBe(false);
    expect(seesPersonalIds({ role: 'arbitrator', sub: 'a1' }, { ...base, assignee: 'a1' })).toBe(false);
  });
});

describe('who sees contact details in full (SPEC §2.1)', () => {
  it('shows the complainant’s to the owner, the assigned handler and the supervisor', () => {
    for (const caller of [OWNER, { role: 'mediator', sub: 'm1' } as Caller, { role: 'supervisor', sub: 's' } as Caller]) {
      expect(seesContactDetails(caller, assigned, 'complainant'), caller.role).toBe(true);
    }
  });

  it('masks the complainant’s for court, procuratorate, police, an unassigned handler and another rights holder', () => {
    const others: Caller[] = [
      { role: 'court', sub: 'c' },
      { role: 'procuratorate', sub: 'p' },
      { role: 'police', sub: 'p' },
      { role: 'mediator', sub: 'm2' },
      { role: 'arbitrator', sub: 'm1' },
      STRANGER,
    ];
    for (const caller of others) expect(seesContactDetails(caller, assigned, 'complainant'), `${caller.role} ${caller.sub}`).toBe(false);
  });

  it('shows the respondent’s to the assigned handler and the supervisor, not to the complainant', () => {
    expect(seesContactDetails({ role: 'mediator', sub: 'm1' }, assigned, 'respondent')).toBe(true);
    expect(seesContactDetails({ role: 'supervisor', sub: 's' }, assigned, 'respondent')).toBe(true);
    expect(seesContactDetails(OWNER, assigned, 'respondent')).toBe(false);
    expect(seesContactDetails({ role: 'court', sub: 'c' }, assigned, 'respondent')).toBe(false);
  });
});

describe('who learns which case a duplicate flag names (SPEC §2.1)', () => {
  const flags = (owner?: string | null): CaseFlags => ({
    repeatRespondent: false,
    possibleDuplicateOf: 'first-case',
    ...(owner !== undefined ? { possibleDuplicateOwnerSub: owner } : {}),
    overdue: false,
  });
  const other = { ...base, ownerSub: 'owner-1', path: 'arbitration' as const };

  it('names it to a rights holder whose own case it is, and to no other rights holder', () => {
    expect(mayReadDuplicate(OWNER, flags('owner-1'))).toBe(true);
    expect(mayReadDuplicate(STRANGER, flags('owner-1'))).toBe(false);
  });

  it('does not name it to a rights holder when the flag does not say whose it is', () => {
    expect(mayReadDuplicate(OWNER, flags())).toBe(false);
    expect(mayReadDuplicate(OWNER, flags(null))).toBe(false);
  });

  it('names it to court, procuratorate and supervisor without reading it', () => {
    for (const role of ['court', 'procuratorate', 'supervisor'] as const) {
      expect(duplicateNeedsOtherCase({ role, sub: 'x' }, flags())).toBe(false);
      expect(mayReadDuplicate({ role, sub: 'x' }, flags())).toBe(true);
    }
  });

  it('names it to a handler only if the other case is on the handler’s path now', () => {
    const mediator: Caller = { role: 'mediator', sub: 'm' };
    expect(duplicateNeedsOtherCase(mediator, flags())).toBe(true);
    expect(mayReadDuplicate(mediator, flags(), other)).toBe(false);
    expect(mayReadDuplicate({ role: 'arbitrator', sub: 'a' }, flags(), other)).toBe(true);
    expect(mayReadDuplicate({ role: 'arbitrator', sub: 'a' }, flags(), null)).toBe(false);
  });

  it('names nothing when there is no duplicate', () => {
    const none: CaseFlags = { repeatRespondent: false, possibleDuplicateOf: null, overdue: false };
    expect(mayReadDuplicate({ role: 'court', sub: 'c' }, none)).toBe(false);
    expect(duplicateNeedsOtherCase({ role: 'mediator', sub: 'm' }, none)).toBe(false);
  });
});

describe('who is given the ids of related cases (SPEC §2)', () => {
  it('gives both sides to the owner and the read-all roles', () => {
    for (const caller of [
      OWNER,
      { role: 'court', sub: 'c' },
      { role: 'procuratorate', sub: 'p' },
      { role: 'supervisor', sub: 's' },
    ] as Caller[]) {
      expect(namesRelatedCase(caller, 'parent'), caller.role).toBe(true);
      expect(namesRelatedCase(caller, 'linked'), caller.role).toBe(true);
    }
  });

  it('gives the preservation case to notaries only, and the parent to no handler nor the police', () => {
    for (const role of [...HANDLER_ROLES, 'police'] as Role[]) {
      expect(namesRelatedCase({ role, sub: 'x' }, 'parent'), role).toBe(false);
      expect(namesRelatedCase({ role, sub: 'x' }, 'linked'), role).toBe(role === 'notary');
    }
  });

  it('relies on the preservation case being routed to the notaries whatever its parent asked', () => {
    expect(pathsHandledBy({ role: 'notary' })).toEqual([PRESERVATION_PATH]);
    for (const preferredPath of [...PATHS, undefined]) {
      const parent = parsedComplaint((c) => {
        c.preferredPath = preferredPath;
        c.requestEvidencePreservation = true;
        if (preferredPath === 'arbitration') c.arbitrationAgreement = { reference: '安仲协〔2025〕17号', signedOn: '2025-06-01' };
      });
      for (const resolvedAgainstRespondent of [0, 5]) {
        expect(
          triage(preservationComplaint(parent), { openDuplicateCaseId: null, resolvedAgainstRespondent }).path,
          String(preferredPath),
        ).toBe(PRESERVATION_PATH);
      }
    }
  });
});

describe('which timeline events a reader gets as stubs (SPEC §2.1)', () => {
  const flags: CaseFlags = {
    repeatRespondent: false,
    possibleDuplicateOf: 'first-case',
    possibleDuplicateOwnerSub: 'owner-9',
    overdue: false,
  };
  const note = { type: 'add_note', data: { text: '内部备注' } };
  const opinion = { type: 'add_supervision_opinion', data: { text: '监督意见' } };
  const oldDuplicateEvent = { type: 'flagged_possible_duplicate', data: { rule: 'possible_duplicate', possibleDuplicateOf: 'first-case' } };

  it('stubs notes and supervision opinions for the rights holder', () => {
    expect(eventShownAs(OWNER, note, { ...base, flags })).toBe('stub');
    expect(eventShownAs(OWNER, opinion, { ...base, flags })).toBe('stub');
    expect(eventShownAs(OWNER, { type: 'claimed', data: {} }, { ...base, flags })).toBe('full');
  });

  it('shows notes and opinions in full to every agency reader', () => {
    for (const role of ROLES.filter((r) => !PARTY_ROLES.includes(r))) {
      expect(eventShownAs({ role, sub: 'x' }, note, { ...base, flags }), role).toBe('full');
      expect(eventShownAs({ role, sub: 'x' }, opinion, { ...base, flags }), role).toBe('full');
    }
  });

  it('stubs a stored event naming a duplicate the reader may not read', () => {
    expect(eventShownAs(OWNER, oldDuplicateEvent, { ...base, flags })).toBe('stub');
    expect(eventShownAs({ role: 'rights_holder', sub: 'owner-9' }, oldDuplicateEvent, { ...base, flags })).toBe('full');
    expect(eventShownAs({ role: 'court', sub: 'c' }, oldDuplicateEvent, { ...base, flags })).toBe('full');
    expect(eventShownAs({ role: 'mediator', sub: 'm' }, oldDuplicateEvent, { ...base, flags }, { ...base, path: 'arbitration' })).toBe(
      'stub',
    );
    expect(eventShownAs({ role: 'mediator', sub: 'm' }, oldDuplicateEvent, { ...base, flags }, base)).toBe('full');
  });

  it('stubs an event naming a related case the reader is not given, for every role the same as its case view', () => {
    const opened = { type: 'evidence_preservation_case_opened', data: { rule: 'evidence_preservation', linkedCaseId: 'linked-case' } };
    const submitted = { type: 'submitted', data: { caseNumber: 'AKIP-2026-000002', rightKind: 'patent', parentCaseId: 'parent-case' } };
    const none: CaseFlags = { repeatRespondent: false, possibleDuplicateOf: null, overdue: false };
    for (const role of ROLES) {
      const caller = { role, sub: 'owner-1' };
      expect(eventShownAs(caller, opened, { ...base, flags: none }), role).toBe(namesRelatedCase(caller, 'linked') ? 'full' : 'stub');
      expect(eventShownAs(caller, submitted, { ...base, flags: none }), role).toBe(namesRelatedCase(caller, 'parent') ? 'full' : 'stub');
    }
    expect(eventShownAs({ role: 'mediator', sub: 'm' }, opened, { ...base, flags: none })).toBe('stub');
    expect(eventShownAs({ role: 'notary', sub: 'n' }, opened, { ...base, flags: none })).toBe('full');
    expect(eventShownAs({ role: 'notary', sub: 'n' }, submitted, { ...base, flags: none })).toBe('stub');
    expect(eventShownAs({ role: 'police', sub: 'p' }, opened, { ...base, flags: none })).toBe('stub');
    expect(eventShownAs(OWNER, submitted, { ...base, flags: none })).toBe('full');
    expect(
      eventShownAs({ role: 'notary', sub: 'n' }, { type: 'submitted', data: { caseNumber: 'AKIP-2026-000001' } }, { ...base, flags: none }),
    ).toBe('full');
  });

  it('stubs, for readers short of read-all, an event naming a case other than the flagged one', () => {
    const elsewhere = { ...oldDuplicateEvent, data: { possibleDuplicateOf: 'another-case' } };
    expect(eventShownAs({ role: 'rights_holder', sub: 'owner-9' }, elsewhere, { ...base, flags })).toBe('stub');
    expect(eventShownAs({ role: 'supervisor', sub: 's' }, elsewhere, { ...base, flags })).toBe('full');
  });
});

describe('how much of a respondent’s history a reader gets (SPEC §2.1)', () => {
  it('is every case for court, procuratorate and supervisor, the readable ones for the others', () => {
    for (const role of ROLES) {
      const expected = ['court', 'procuratorate', 'supervisor'].includes(role) ? 'every_case' : 'readable_cases';
      expect(respondentHistoryScope({ role, sub: 'x' }), role).toBe(expected);
    }
  });
});

describe('which roles may call the role-gated routes (SPEC §9)', () => {
  it('matches the SPEC’s "who" column', () => {
    expect(ROUTE_ROLES['POST /complaints']).toEqual(['rights_holder']);
    expect([...ROUTE_ROLES['GET /respondents/{creditCode}']].sort()).toEqual(
      ['mediator', 'arbitrator', 'notary', 'officer', 'court', 'procuratorate', 'police', 'supervisor'].sort(),
    );
    expect([...ROUTE_ROLES['GET /stats']].sort()).toEqual(['court', 'procuratorate', 'supervisor']);
    expect(ROUTE_ROLES['GET /dead-letters']).toEqual(['supervisor']);
    expect(ROUTE_ROLES['POST /dead-letters/redrive']).toEqual(['supervisor']);
    expect([...ROUTE_ROLES['GET /work-queues/{path}']].sort()).toEqual(['arbitrator', 'mediator', 'notary', 'officer']);
  });

  it('refuses rights holders the respondent history and everyone but the supervisor the dead letters', () => {
    expect(mayCall('GET /respondents/{creditCode}', 'rights_holder')).toBe(false);
    expect(ROLES.filter((r) => mayCall('GET /dead-letters', r))).toEqual(['supervisor']);
  });
});
