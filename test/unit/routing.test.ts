import { describe, expect, it } from 'vitest';
import type { Complaint } from '#domain/model.ts';
import { duplicateKey, normaliseName, triage } from '#domain/routing.ts';
import { parsedComplaint } from '../support/complaints.ts';

function complaint(patch: Partial<Complaint> = {}): Complaint {
  return { ...parsedComplaint((c) => delete c.respondent.address), ...patch };
}

const none = { openDuplicateCaseId: null, resolvedAgainstRespondent: 0 };
const rulesFired = (d: ReturnType<typeof triage>) => d.events.map((e) => e.data['rule']);

describe('triage path choice (SPEC §5 rule 3)', () => {
  it('routes preferred arbitration with an agreement to arbitration', () => {
    const d = triage(
      complaint({ preferredPath: 'arbitration', arbitrationAgreement: { reference: 'ARB-1', signedOn: '2025-01-02' } }),
      none,
    );
    expect(d.path).toBe('arbitration');
    expect(rulesFired(d)).toEqual(['preferred_arbitration_with_agreement']);
  });

  it('routes preferred arbitration without an agreement to mediation and notes why', () => {
    const d = triage(complaint({ preferredPath: 'arbitration' }), none);
    expect(d.path).toBe('mediation');
    expect(d.events[0]?.data).toMatchObject({ rule: 'preferred_arbitration_without_agreement', path: 'mediation' });
    expect(String(d.events[0]?.data['note'])).toContain('arbitration agreement');
  });

  it('routes preferred administrative adjudication of a patent to adjudication', () => {
    expect(triage(complaint({ preferredPath: 'administrative_adjudication' }), none).path).toBe('administrative_adjudication');
  });

  it('routes preferred administrative adjudication of a trademark to mediation and notes why', () => {
    const d = triage(
      complaint({
        preferredPath: 'administrative_adjudication',
        right: { kind: 'trademark', number: '12345678', title: '安康', holder: '某公司' },
      }),
      none,
    );
    expect(d.path).toBe('mediation');
    expect(d.events[0]?.data).toMatchObject({ rule: 'preferred_adjudication_not_patent' });
    expect(String(d.events[0]?.data['note'])).toContain('trademark');
  });

  it('routes preferred notarization to notarization and preferred mediation to mediation', () => {
    expect(triage(complaint({ preferredPath: 'notarization' }), none).path).toBe('notarization');
    expect(triage(complaint({ preferredPath: 'mediation' }), none).path).toBe('mediation');
  });

  it('routes a patent case against a repeat respondent with no preference to adjudication', () => {
    const d = triage(complaint(), { openDuplicateCaseId: null, resolvedAgainstRespondent: 2 });
    expect(d.path).toBe('administrative_adjudication');
    expect(rulesFired(d)).toEqual(['repeat_respondent', 'default_repeat_respondent_patent']);
  });

  it('routes a non-patent case against a repeat respondent with no preference to administrative enforcement (SPEC §12)', () => {
    const d = triage(complaint({ right: COPYRIGHT }), { openDuplicateCaseId: null, resolvedAgainstRespondent: 3 });
    expect(d.path).toBe('administrative_enforcement');
    expect(d.repeatRespondent).toBe(true);
    expect(rulesFired(d)).toEqual(['repeat_respondent', 'default_repeat_respondent_enforcement']);
    expect(d.enforcement).toEqual({ agency: 'culture_tourism', matter: 'copyright' });
  });

  it('routes everything else to mediation by default', () => {
    const d = triage(complaint(), none);
    expect(d.path).toBe('mediation');
    expect(rulesFired(d)).toEqual(['default_mediation']);
    expect(d.enforcement).toBeNull();
  });

  it('routes a non-patent case with no preference to mediation while the respondent is not a repeat respondent', () => {
    const d = triage(complaint({ right: TRADEMARK }), { openDuplicateCaseId: null, resolvedAgainstRespondent: 1 });
    expect(d.path).toBe('mediation');
    expect(rulesFired(d)).toEqual(['default_mediation']);
  });
});

const TRADEMARK = { kind: 'trademark', number: '12345678', title: '秦巴富硒', holder: '某公司' } as const;
const COPYRIGHT = { kind: 'copyright', number: '国作登字-2020-F-00000001', title: '作品', holder: '某人' } as const;
const GI = { kind: 'geographical_indication', number: 'AGI01234', title: '安康富硒茶', holder: '安康市茶业协会' } as const;
const PLANT_VARIETY = { kind: 'plant_variety', number: 'CNA20201234.5', title: '秦巴 1 号', holder: '某种业公司' } as const;

describe('triage to administrative enforcement (SPEC §12)', () => {
  const preferEnforcement = (patch: Partial<Complaint>) => complaint({ preferredPath: 'administrative_enforcement', ...patch });
  const routed = (d: ReturnType<typeof triage>) => d.events.find((e) => e.type === 'routed')!.data;

  it('routes preferred enforcement of a trademark to market regulation as trademark counterfeiting', () => {
    // Act
    const d = triage(preferEnforcement({ right: TRADEMARK }), none);

    // Assess
    expect(d.path).toBe('administrative_enforcement');
    expect(d.enforcement).toEqual({ agency: 'market_regulation', matter: 'trademark_counterfeiting' });
    expect(routed(d)).toEqual({
      rule: 'preferred_enforcement',
      path: 'administrative_enforcement',
      agency: 'market_regulation',
      matter: 'trademark_counterfeiting',
    });
  });

  it('routes preferred enforcement of a copyright to culture and tourism', () => {
    const d = triage(preferEnforcement({ right: COPYRIGHT }), none);
    expect(d.path).toBe('administrative_enforcement');
    expect(d.enforcement).toEqual({ agency: 'culture_tourism', matter: 'copyright' });
    expect(routed(d)).toMatchObject({ rule: 'preferred_enforcement', agency: 'culture_tourism', matter: 'copyright' });
  });

  it('routes preferred enforcement of a geographical indication to market regulation', () => {
    expect(triage(preferEnforcement({ right: GI }), none).enforcement).toEqual({
      agency: 'market_regulation',
      matter: 'geographical_indication',
    });
  });

  it('routes a forest plant variety to forestry and one whose domain is not given to agriculture and rural affairs', () => {
    // Act
    const forest = triage(preferEnforcement({ right: PLANT_VARIETY, plantVarietyDomain: 'forestry' }), none);
    const unstated = triage(preferEnforcement({ right: PLANT_VARIETY }), none);
    const agricultural = triage(preferEnforcement({ right: PLANT_VARIETY, plantVarietyDomain: 'agriculture' }), none);

    // Assess
    expect(forest.enforcement).toEqual({ agency: 'forestry', matter: 'plant_variety' });
    expect(routed(forest)).toMatchObject({ agency: 'forestry', matter: 'plant_variety' });
    expect(unstated.enforcement).toEqual({ agency: 'agriculture_rural', matter: 'plant_variety' });
    expect(agricultural.enforcement).toEqual({ agency: 'agriculture_rural', matter: 'plant_variety' });
  });

  it('routes a patent with preferred enforcement to enforcement as passing off a patent, with a note that disputes go to adjudication', () => {
    // Act
    const d = triage(preferEnforcement({}), none);

    // Assess
    expect(d.path).toBe('administrative_enforcement');
    expect(d.enforcement).toEqual({ agency: 'market_regulation', matter: 'patent_passing_off' });
    expect(routed(d)).toMatchObject({
      rule: 'preferred_enforcement_patent_passing_off',
      path: 'administrative_enforcement',
      agency: 'market_regulation',
      matter: 'patent_passing_off',
    });
    expect(String(routed(d)['note'])).toContain('administrative adjudication');
  });

  it('routes every non-patent right against a repeat respondent with no preference to enforcement, each to its agency', () => {
    const repeat = { openDuplicateCaseId: null, resolvedAgainstRespondent: 2 };
    const cases = [
      [{ right: TRADEMARK }, 'market_regulation'],
      [{ right: GI }, 'market_regulation'],
      [{ right: COPYRIGHT }, 'culture_tourism'],
      [{ right: PLANT_VARIETY, plantVarietyDomain: 'forestry' }, 'forestry'],
      [{ right: PLANT_VARIETY }, 'agriculture_rural'],
    ] as const;
    for (const [patch, agency] of cases) {
      const d = triage(complaint(patch), repeat);
      expect(d.path, patch.right.kind).toBe('administrative_enforcement');
      expect(d.enforcement?.agency, patch.right.kind).toBe(agency);
      expect(rulesFired(d), patch.right.kind).toEqual(['repeat_respondent', 'default_repeat_respondent_enforcement']);
    }
  });

  it('leaves a repeat respondent’s patent dispute on adjudication, with no enforcement facts', () => {
    const d = triage(complaint(), { openDuplicateCaseId: null, resolvedAgainstRespondent: 2 });
    expect(d.path).toBe('administrative_adjudication');
    expect(d.enforcement).toBeNull();
    expect(routed(d)).not.toHaveProperty('agency');
  });

  it('follows the stated preference over the repeat-respondent default', () => {
    const d = triage(complaint({ right: TRADEMARK, preferredPath: 'mediation' }), {
      openDuplicateCaseId: null,
      resolvedAgainstRespondent: 4,
    });
    expect(d.path).toBe('mediation');
    expect(d.enforcement).toBeNull();
  });
});

describe('triage flags (SPEC §5 rules 1, 2, 4)', () => {
  it('flags a possible duplicate and still routes the case', () => {
    const d = triage(complaint(), { openDuplicateCaseId: 'other-case', resolvedAgainstRespondent: 0 });
    expect(d.possibleDuplicateOf).toBe('other-case');
    expect(d.path).toBe('mediation');
    expect(rulesFired(d)).toEqual(['possible_duplicate', 'default_mediation']);
  });

  it('keeps the duplicate’s owner with the flag, and the duplicate’s id out of the timeline event', () => {
    const d = triage(complaint(), { openDuplicateCaseId: 'other-case', openDuplicateOwnerSub: 'holder-9', resolvedAgainstRespondent: 0 });
    expect(d).toMatchObject({ possibleDuplicateOf: 'other-case', possibleDuplicateOwnerSub: 'holder-9' });
    const flagged = d.events.find((e) => e.type === 'flagged_possible_duplicate')!;
    expect(JSON.stringify(flagged)).not.toContain('other-case');
    expect(triage(complaint(), none).possibleDuplicateOwnerSub).toBeNull();
  });

  it('flags a repeat respondent only from two cases resolved against it, and raises its priority', () => {
    const once = triage(complaint(), { openDuplicateCaseId: null, resolvedAgainstRespondent: 1 });
    const twice = triage(complaint(), { openDuplicateCaseId: null, resolvedAgainstRespondent: 2 });
    expect(once.repeatRespondent).toBe(false);
    expect(twice.repeatRespondent).toBe(true);
    expect(twice.priority).toBeGreaterThan(once.priority);
  });

  it('asks for a linked preservation case only when evidence preservation is requested', () => {
    expect(triage(complaint({ requestEvidencePreservation: true }), none).openPreservationCase).toBe(true);
    expect(triage(complaint(), none).openPreservationCase).toBe(false);
  });

  it('opens one notarization case, not two, when notarization is preferred and evidence preservation requested, and notes why', () => {
    const d = triage(complaint({ preferredPath: 'notarization', requestEvidencePreservation: true }), none);
    expect(d.path).toBe('notarization');
    expect(d.openPreservationCase).toBe(false);
    expect(rulesFired(d)).toEqual(['preferred_notarization', 'evidence_preservation_in_notarization']);
    const note = d.events.find((e) => e.type === 'evidence_preservation_in_case');
    expect(String(note?.data['note'])).toContain('no linked case');
  });

  it('still opens a linked preservation case when the case goes to another path', () => {
    for (const preferredPath of ['mediation', 'administrative_adjudication', 'administrative_enforcement', undefined] as const) {
      const d = triage(complaint({ ...(preferredPath ? { preferredPath } : {}), requestEvidencePreservation: true }), none);
      expect(d.path).not.toBe('notarization');
      expect(d.openPreservationCase).toBe(true);
      expect(d.events.some((e) => e.type === 'evidence_preservation_in_case')).toBe(false);
    }
  });

  it('writes no preservation note for a notarization case that did not ask for preservation', () => {
    const d = triage(complaint({ preferredPath: 'notarization' }), none);
    expect(rulesFired(d)).toEqual(['preferred_notarization']);
  });

  it('writes rule events in rule order: duplicate, repeat respondent, path', () => {
    const d = triage(complaint(), { openDuplicateCaseId: 'x', resolvedAgainstRespondent: 5 });
    expect(d.events.map((e) => e.type)).toEqual(['flagged_possible_duplicate', 'flagged_repeat_respondent', 'routed']);
    expect(d.events.every((e) => e.actor.role === 'system')).toBe(true);
  });
});

describe('duplicate key', () => {
  it('is the same for the same complainant, right number and respondent', () => {
    expect(duplicateKey(complaint())).toBe(duplicateKey(complaint({ description: '另一段描述文字，内容不同但当事人相同。' })));
  });

  it('differs when the right number differs', () => {
    const other = complaint({ right: { ...complaint().right, number: '201911044411.X' } });
    expect(duplicateKey(other)).not.toBe(duplicateKey(complaint()));
  });

  it('recognises a respondent without a credit code by its normalised name', () => {
    const a = complaint({ respondent: { name: '深圳市某某（科技）有限公司' } });
    const b = complaint({ respondent: { name: '深圳市某某(科技) 有限公司' } });
    expect(duplicateKey(a)).toBe(duplicateKey(b));
    expect(normaliseName('ＡＢＣ 公司')).toBe('abc公司');
  });

  it('recognises a foreign enterprise by its registration number and country', () => {
    const gmbh = (registrationNumber: string, country: string, name = 'Beispiel GmbH') =>
      complaint({
        complainant: { type: 'foreign_enterprise', name, registrationNumber, country, contact: { email: 'ip@beispiel.de' } },
      });
    // The same registration, whatever the name is spelt like or the number is spaced.
    expect(duplicateKey(gmbh('HRB 86891', 'DE'))).toBe(duplicateKey(gmbh('HRB86891', 'DE', 'Beispiel G.m.b.H.')));
    // The same number in another country is another company; another number, another company.
    expect(duplicateKey(gmbh('HRB 86891', 'AT'))).not.toBe(duplicateKey(gmbh('HRB 86891', 'DE')));
    expect(duplicateKey(gmbh('HRB 86892', 'DE'))).not.toBe(duplicateKey(gmbh('HRB 86891', 'DE')));
  });

  it('recognises a foreign individual by passport number and country, not by name', () => {
    const person = (passportNumber: string, country: string, name: string) =>
      complaint({ complainant: { type: 'foreign_individual', name, passportNumber, country, contact: { email: 'j@example.com' } } });
    expect(duplicateKey(person('C01X00T47', 'DE', 'Jan Müller'))).toBe(duplicateKey(person('C01X00T47', 'DE', 'Jan Mueller')));
    expect(duplicateKey(person('C01X00T47', 'DE', 'Jan Müller'))).not.toBe(duplicateKey(person('C01X00T48', 'DE', 'Jan Müller')));
    expect(duplicateKey(person('C01X00T47', 'DE', 'Jan Müller'))).not.toBe(duplicateKey(person('C01X00T47', 'NL', 'Jan Müller')));
    expect(duplicateKey(person('C01X00T47', 'DE', 'Jan Müller'))).not.toContain('C01X00T47');
  });

  it('carries no personal number in clear', () => {
    const c = complaint({
      complainant: { type: 'individual', name: '张三', idNumber: '11010519491231002X', contact: { email: 'a@b.cn' } },
    });
    expect(duplicateKey(c)).not.toContain('11010519491231002X');
    expect(duplicateKey(c)).toMatch(/^[0-9a-f]{64}$/);
  });
});
