// A realistic, valid complaint as the online form would submit it (SPEC §3), for tests to start
// from and break one field at a time. Every call returns a fresh object: patches never leak.

import type { Complaint } from '#domain/model.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';

const TEMPLATE = {
  complainant: {
    type: 'enterprise',
    name: '安康市秦巴茶业科技有限公司',
    creditCode: '91350100M000100Y43',
    contact: { phone: '13891500123', email: 'ip@qinba-tea.example.cn' },
  },
  right: {
    kind: 'patent',
    number: 'ZL201910603565.1',
    title: '一种富硒绿茶的揉捻装置',
    holder: '安康市秦巴茶业科技有限公司',
    patentType: 'invention',
    validUntil: '2039-06-27',
  },
  respondent: {
    name: '深圳市某某电子商务有限公司',
    creditCode: '91440300708461136T',
    address: '广东省深圳市南山区科技园路 1 号',
    onlineStoreUrl: 'https://shop.example.com/store/12345',
  },
  countyCode: '610902',
  description:
    '被投诉人在其网店销售的茶叶揉捻机与我公司发明专利权利要求 1 所述技术方案相同，落入专利权保护范围，请求责令停止侵权并赔偿损失。',
  claims: { stopInfringement: true, damagesCny: 200000 },
  evidence: [
    {
      title: '网店商品页面截图及公证购买记录',
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      sizeBytes: 482113,
      mediaType: 'application/pdf',
      collectedAt: '2026-01-12T10:30:00+08:00',
    },
  ],
};

export function validComplaint(patch?: (c: any) => void): Record<string, unknown> {
  const complaint = structuredClone(TEMPLATE) as Record<string, unknown>;
  patch?.(complaint);
  return complaint;
}

/**
 * v2 (SPEC §3, equal protection): foreign complainants as they file — a German GmbH by its
 * commercial-register number, and a foreign individual by passport — with international phones.
 */
export const FOREIGN_ENTERPRISE = {
  type: 'foreign_enterprise',
  name: 'Beispiel Teemaschinen GmbH',
  registrationNumber: 'HRB 86891',
  country: 'DE',
  contact: { phone: '+49 30 1234567', email: 'ip@beispiel-tee.example.de', language: 'en' },
} as const;

export const FOREIGN_INDIVIDUAL = {
  type: 'foreign_individual',
  name: 'Jan de Vries',
  passportNumber: 'nw92 kd1p3',
  country: 'NL',
  contact: { phone: '+31 20-123 4567', language: 'en' },
} as const;

/** A valid complaint filed by a foreign complainant (a fresh copy each call), then `patch`ed. */
export function foreignComplaint(complainant: typeof FOREIGN_ENTERPRISE | typeof FOREIGN_INDIVIDUAL, patch?: (c: any) => void) {
  return validComplaint((c) => {
    c.complainant = structuredClone(complainant);
    patch?.(c);
  });
}

/** The same complaint as the domain sees it: validated and normalised by the real schema. */
export function parsedComplaint(patch?: (c: any) => void): Complaint {
  return complaintSchema('2026-03-01').parse(validComplaint(patch));
}
