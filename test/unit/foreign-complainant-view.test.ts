// A foreign complainant in the case view (SPEC §3 v2, §9): its passport number is a personal ID
// number, masked for every reader but the owner and the assigned handler; a foreign enterprise's
// registration number and country identify a business and are shown to every reader of the case.

import { describe, expect, it } from 'vitest';
import type { Case } from '#domain/model.ts';
import { caseView } from '#lib/case-view.ts';
import { COURT, OWNER, POLICE, PROCURATORATE, SUPERVISOR, claimedCase, handler } from '../support/cases.ts';
import { FOREIGN_ENTERPRISE, FOREIGN_INDIVIDUAL } from '../support/complaints.ts';

function caseFiledBy(complainant: typeof FOREIGN_ENTERPRISE | typeof FOREIGN_INDIVIDUAL): Case {
  return claimedCase('notarization', 'n-1', {
    patch: (c) => {
      c.complainant = structuredClone(complainant);
      c.zone = 'ankang_high_tech_zone';
    },
  });
}

describe('a foreign individual’s passport number in the case view', () => {
  const c = caseFiledBy(FOREIGN_INDIVIDUAL);

  it('is shown in full to the owner and the assigned handler', () => {
    expect(caseView(c, OWNER).complainant!.passportNumber).toBe('NW92KD1P3');
    expect(caseView(c, handler('notarization', 1)).complainant!.passportNumber).toBe('NW92KD1P3');
  });

  it('is masked for the supervisor, court, procuratorate, police and an unassigned notary', () => {
    for (const caller of [SUPERVISOR, COURT, PROCURATORATE, POLICE, handler('notarization', 2)]) {
      const view = caseView(c, caller);
      expect(view.complainant!.passportNumber, `${caller.role} ${caller.sub}`).toBe('NW*****P3');
      expect(JSON.stringify(view)).not.toContain('NW92KD1P3');
    }
  });

  it('keeps the country for every reader', () => {
    expect(caseView(c, COURT).complainant!.country).toBe('NL');
  });
});

describe('a foreign enterprise in the case view', () => {
  const c = caseFiledBy(FOREIGN_ENTERPRISE);

  it('shows its registration number and country to every reader, and masks its international phone for others', () => {
    const view = caseView(c, COURT);
    expect(view.complainant).toMatchObject({ type: 'foreign_enterprise', registrationNumber: 'HRB 86891', country: 'DE' });
    expect(view.complainant!.contact.phone).toBe('+493****4567');
    expect(caseView(c, OWNER).complainant!.contact.phone).toBe('+49301234567');
  });

  it('shows the protection pilot zone', () => {
    expect(caseView(c, COURT).zone).toBe('ankang_high_tech_zone');
    expect(caseView(claimedCase('mediation'), COURT).zone).toBeNull();
  });
});
