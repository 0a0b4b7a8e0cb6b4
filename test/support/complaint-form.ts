// Fills the complaint form in the browser as a person would, field by field (each field is found
// by the JSON path it edits), with a valid complaint unless told otherwise.

import type { Page } from 'playwright-core';

export interface FormValues {
  name: string;
  creditCode: string;
  phone: string;
  rightNumber: string;
  title: string;
  holder: string;
  respondentName: string;
  respondentCreditCode: string;
  county: string;
  description: string;
}

export const VALID_FORM: FormValues = {
  name: '安康市秦巴茶业科技有限公司',
  creditCode: '91350100M000100Y43',
  phone: '13891500123',
  rightNumber: 'ZL201910603565.1',
  title: '一种富硒绿茶的揉捻装置',
  holder: '安康市秦巴茶业科技有限公司',
  respondentName: '深圳市某某电子商务有限公司',
  respondentCreditCode: '',
  county: '610902',
  description: '被投诉人在其网店销售的茶叶揉捻机落入我公司发明专利权保护范围，请求停止侵权。',
};

export const field = (page: Page, path: string) => page.locator(`[data-path="${path}"]`).first();
export const errorOf = (page: Page, path: string) => page.locator(`[data-error-for="${path}"]`);

/**
 * `prefix`: where the complaint's fields sit in the body the form sends — `complaint.` on the staff
 * page for complaints brought in offline (POST /complaints/offline nests the complaint).
 */
export async function fillComplaint(page: Page, values: Partial<FormValues> = {}, prefix = ''): Promise<void> {
  const v = { ...VALID_FORM, ...values };
  const at = (path: string) => field(page, `${prefix}${path}`);
  await at('complainant.name').fill(v.name);
  // A foreign complainant has no credit code: its field is hidden then, and left alone.
  if (await at('complainant.creditCode').isVisible()) await at('complainant.creditCode').fill(v.creditCode);
  await at('complainant.contact.phone').fill(v.phone);
  await at('right.kind').selectOption('patent');
  await at('right.patentType').selectOption('invention');
  await at('right.number').fill(v.rightNumber);
  await at('right.title').fill(v.title);
  await at('right.holder').fill(v.holder);
  await at('respondent.name').fill(v.respondentName);
  await at('respondent.creditCode').fill(v.respondentCreditCode);
  await at('countyCode').selectOption(v.county);
  await at('description').fill(v.description);
}

/** v2 (SPEC §3): a German GmbH filing as a foreign enterprise, in English. */
export interface ForeignEnterpriseValues {
  name: string;
  registrationNumber: string;
  country: string;
  phone: string;
  email: string;
}

export const FOREIGN_ENTERPRISE_FORM: ForeignEnterpriseValues = {
  name: 'Beispiel Teemaschinen GmbH',
  registrationNumber: 'HRB 86891',
  country: 'DE',
  phone: '+49 30 1234567',
  email: 'ip@beispiel-tee.example.de',
};

/** Chooses the foreign enterprise type by its English label and fills its identifiers and contact, then the rest as usual. */
export async function fillForeignEnterprise(page: Page, values: Partial<ForeignEnterpriseValues> = {}): Promise<void> {
  const v = { ...FOREIGN_ENTERPRISE_FORM, ...values };
  await page.getByLabel('Foreign enterprise', { exact: true }).check();
  await fillComplaint(page, { name: v.name, phone: v.phone, respondentName: 'Ankang Example Trading Co.' });
  await field(page, 'complainant.registrationNumber').fill(v.registrationNumber);
  await field(page, 'complainant.country').selectOption(v.country);
  await field(page, 'complainant.contact.email').fill(v.email);
}
