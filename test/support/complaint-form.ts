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

export async function fillComplaint(page: Page, values: Partial<FormValues> = {}): Promise<void> {
  const v = { ...VALID_FORM, ...values };
  await field(page, 'complainant.name').fill(v.name);
  await field(page, 'complainant.creditCode').fill(v.creditCode);
  await field(page, 'complainant.contact.phone').fill(v.phone);
  await field(page, 'right.kind').selectOption('patent');
  await field(page, 'right.patentType').selectOption('invention');
  await field(page, 'right.number').fill(v.rightNumber);
  await field(page, 'right.title').fill(v.title);
  await field(page, 'right.holder').fill(v.holder);
  await field(page, 'respondent.name').fill(v.respondentName);
  await field(page, 'respondent.creditCode').fill(v.respondentCreditCode);
  await field(page, 'countyCode').selectOption(v.county);
  await field(page, 'description').fill(v.description);
}
