// The vocabulary of a case: paths, roles, statuses and the shape stored and answered.
// Pure data and types; every other domain module speaks in these words.

/**
 * The paths a case can be routed to: the four dispute-resolution paths of v1, and v2's
 * administrative enforcement (行政执法查处, SPEC §12), worked by the officers of four agencies.
 */
export const PATHS = ['mediation', 'arbitration', 'notarization', 'administrative_adjudication', 'administrative_enforcement'] as const;
export type CasePath = (typeof PATHS)[number];

export const ROLES = [
  'rights_holder', // 权利人
  'mediator', // 调解员
  'arbitrator', // 仲裁员
  'notary', // 公证员
  'officer', // 执法人员 (market supervision, IP)
  'court', // 法院
  'procuratorate', // 检察院
  'police', // 公安
  'supervisor', // 知识产权局
  'respondent', // 被投诉人 (v2: joins a case with an invitation code, SPEC §10)
] as const;
export type Role = (typeof ROLES)[number];

/** Which handler role works which path. */
export const HANDLER_ROLE_OF_PATH: Record<CasePath, Role> = {
  mediation: 'mediator',
  arbitration: 'arbitrator',
  notarization: 'notary',
  administrative_adjudication: 'officer',
  // Officers of the agency the case belongs to (domain/agencies.ts).
  administrative_enforcement: 'officer',
};

export const STATUSES = [
  'submitted',
  'queued',
  'in_progress',
  'awaiting_confirmation',
  'resolved',
  'rejected',
  'withdrawn',
  'transferred',
] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const FINAL_STATUSES: readonly CaseStatus[] = ['resolved', 'rejected', 'withdrawn', 'transferred'];

/** The stage a path's case starts in when it enters the path's work queue. */
export const FIRST_STAGE: Record<CasePath, string> = {
  mediation: 'awaiting_consent',
  arbitration: 'acceptance_review',
  notarization: 'acceptance_review',
  administrative_adjudication: 'filing_review',
  administrative_enforcement: 'filing_review',
};

// ---------------------------------------------------------------------------------------------
// Administrative enforcement (SPEC §12): the agencies, what they investigate, where leads come from
// (the rules over them: agencies.ts)

export const AGENCIES = [
  'market_regulation', // 市市场监管局
  'culture_tourism', // 市文旅广电局
  'agriculture_rural', // 市农业农村局
  'forestry', // 市林业局
] as const;
export type Agency = (typeof AGENCIES)[number];

/** A plant variety is agricultural or a forest variety: it decides the agency (SPEC §12). */
export const PLANT_VARIETY_DOMAINS = ['agriculture', 'forestry'] as const;
export type PlantVarietyDomain = (typeof PLANT_VARIETY_DOMAINS)[number];

/** What an enforcement case investigates (SPEC §12). */
export const ENFORCEMENT_MATTERS = [
  'trademark_counterfeiting', // 假冒注册商标 / 商标侵权
  'geographical_indication', // 地理标志
  'copyright', // 著作权
  'plant_variety', // 植物新品种
  'patent_passing_off', // 假冒专利 (patent *disputes* stay on adjudication)
  'illegal_agency', // 违法代理
] as const;
export type EnforcementMatter = (typeof ENFORCEMENT_MATTERS)[number];

/** How the lead of an officer-initiated case (依职权立案) came in. */
export const LEAD_SOURCES = ['inspection', 'referral', 'report'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const RIGHT_KINDS = ['patent', 'trademark', 'geographical_indication', 'copyright', 'plant_variety'] as const;
export type RightKind = (typeof RIGHT_KINDS)[number];

export const PATENT_TYPES = ['invention', 'utility_model', 'design'] as const;
export type PatentType = (typeof PATENT_TYPES)[number];

/** Ankang's county-level divisions (GB/T 2260). 610928 (旬阳县) is the former code of 610981. */
export const COUNTY_CODES = {
  '610902': '汉滨区',
  '610921': '汉阴县',
  '610922': '石泉县',
  '610923': '宁陕县',
  '610924': '紫阳县',
  '610925': '岚皋县',
  '610926': '平利县',
  '610927': '镇坪县',
  '610929': '白河县',
  '610981': '旬阳市',
} as const;
export type CountyCode = keyof typeof COUNTY_CODES;
export const FORMER_COUNTY_CODES: Record<string, CountyCode> = { '610928': '610981' };

export interface Actor {
  role: Role | 'system';
  sub: string;
}

export interface Deadline {
  kind: string;
  dueAt: string;
  overdue: boolean;
  extended: boolean;
  calendarIncomplete?: boolean;
  /** Set when the assignee was reminded the working day before it falls due (SPEC §11). */
  reminded?: boolean;
  /**
   * v2 (SPEC §6 "Calendar operations"): the CST date the period counts from, so the clock can be
   * counted again when the calendar changes. Absent on clocks stored before v2: those are never recomputed.
   */
  startedOn?: string;
  /** v2: what an extension added to the clock, counted from the due date before it (kept to recount). */
  extension?: { unit: 'working_days' | 'calendar_days' | 'months'; amount: number };
  /**
   * v2 (SPEC §12): the clock is stopped — testing, inspection, appraisal, the rights holder's
   * identification of goods, a hearing or public notice do not count: since when (CST date) and why.
   */
  paused?: { since: string; reason: string } | null;
  /** v2: days not counted by earlier pauses, in the clock's unit (working days for a working-day clock, else calendar days). */
  suspended?: number;
}

export interface CaseFlags {
  repeatRespondent: boolean;
  possibleDuplicateOf: string | null;
  /**
   * Who owns the possible duplicate, stored with it so a rights holder's view can tell whether the
   * other case is its own without reading it. Absent on cases flagged before it was stored.
   */
  possibleDuplicateOwnerSub?: string | null;
  overdue: boolean;
  /** v2 (SPEC §4, §11): a supervision order or an opinion needing a reply is past its reply time. Absent on older cases. */
  supervisionOverdue?: boolean;
}

/**
 * v2 (SPEC §4): a supervision order (督办) or a procuratorate opinion that requires a reply, with its
 * own clock, separate from the case's main `deadline`. Named by the seq of the event that issued it.
 */
export interface SupervisionClock {
  seq: number;
  kind: 'order' | 'opinion';
  dueAt: string;
  overdue: boolean;
  /** When the handler replied; null while the clock runs. */
  repliedAt: string | null;
}

/** v2 (SPEC §4): an adjudication officer's request to extend the decision clock, decided by the supervisor. */
export interface ExtensionRequest {
  /** Seq of the `request_extension` event. */
  seq: number;
  days: number;
  /** v2 (SPEC §12): the clock it extends (an enforcement case has two that may be extended). Absent on older requests. */
  clock?: string;
  requestedAt: string;
  requestedBy: string;
  status: 'pending' | 'approved' | 'denied';
  decidedAt: string | null;
  /** The supervisor's `sub`: the authenticated approver, never typed. */
  decidedBy: string | null;
}

/** v2 (SPEC §4): where a case stood when it was transferred to the police, so a declined transfer can resume. */
export interface TransferredFrom {
  status: CaseStatus;
  stage: string | null;
  deadline: Deadline | null;
  /** Whole days left on the clock at the transfer (0 when it had run out); null without a clock. */
  remainingDays: number | null;
}

export interface Evidence {
  title: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  collectedAt?: string;
}

/** v2 (SPEC §3): foreign enterprises and individuals file too (equal protection, 同保护). */
export const COMPLAINANT_TYPES = ['enterprise', 'individual', 'foreign_enterprise', 'foreign_individual'] as const;
export type ComplainantType = (typeof COMPLAINANT_TYPES)[number];

export interface Complainant {
  type: ComplainantType;
  name: string;
  creditCode?: string;
  idNumber?: string;
  /** v2: a foreign enterprise's registration number (not personal data, like a credit code). */
  registrationNumber?: string;
  /** v2: a foreign individual's passport number (a personal ID number: masked as resident IDs are, SPEC §9). */
  passportNumber?: string;
  /** v2: ISO 3166-1 alpha-2 country (or region) of a foreign complainant; never CN. */
  country?: string;
  /** `phone`: mainland (mobile 11 digits, landline `area-local`) or v2 international E.164 `+…`; v2 `language` of the notices. */
  contact: { phone?: string; email?: string; language?: 'zh-CN' | 'en' };
}

/** v2 (SPEC §3): the protection pilot areas a complaint may be attributed to, for their statistics. */
export const ZONES = ['ankang_high_tech_zone', 'hengkou_demonstration_zone'] as const;
export type Zone = (typeof ZONES)[number];

export interface Right {
  kind: RightKind;
  number: string;
  title: string;
  holder: string;
  patentType?: PatentType;
  validUntil?: string;
}

export interface Respondent {
  name: string;
  creditCode?: string;
  address?: string;
  onlineStoreUrl?: string;
}

/**
 * The complaint as the online form submits it, after validation and normalisation. A case an
 * officer opens on its own (SPEC §12, 依职权立案) may have no complainant.
 */
export interface Complaint {
  complainant?: Complainant;
  right: Right;
  respondent: Respondent;
  countyCode: CountyCode;
  /** v2: the pilot area (安康高新区, 恒口示范区) where the infringement occurs, if in one. */
  zone?: Zone;
  description: string;
  claims: { stopInfringement: boolean; damagesCny?: number };
  evidence: Evidence[];
  preferredPath?: CasePath;
  arbitrationAgreement?: { reference: string; signedOn: string };
  requestEvidencePreservation?: boolean;
  /** v2 (SPEC §12): for a plant variety, agricultural or forest — it decides the enforcement agency. */
  plantVarietyDomain?: PlantVarietyDomain;
}

/** The respondent's invitation as the case records it (SPEC §10); the code itself is never stored. */
export interface InvitationState {
  /** Seq of the `invite_respondent` event that made the code: it names the invitation. */
  seq: number;
  invitedAt: string;
  expiresAt: string;
  /** The channels the code was sent on. */
  channels: ('email' | 'sms')[];
}

/** A party's signature of the agreement: online while signed in, or on paper recorded by the handler. */
export interface Signature {
  at: string;
  mode: 'online' | 'offline';
  /** The paper record's reference, for an offline signature. */
  reference?: string;
}

export type PartySide = 'complainant' | 'respondent';

/** The mediation agreement (SPEC §10): the terms' hash, each party's signature and application for confirmation. */
export interface Agreement {
  termsSha256: string;
  recordedAt: string;
  signatures: Record<PartySide, Signature | null>;
  /** When each party applied for judicial confirmation (a joint application needs both). */
  applications: Record<PartySide, string | null>;
}

/** Offline intake (线上线下): how a complaint registered by staff on the complainant's behalf came in. */
export type IntakeChannel = 'paper' | 'workstation';

/** A case entered offline (domain/offline-intake.ts): who entered it, the paper record, and its takeover. */
export interface CaseIntake {
  channel: IntakeChannel;
  /** The paper record's number. */
  reference: string;
  /** The day the complaint reached the office (YYYY-MM-DD). */
  receivedAt: string;
  enteredBy: { role: Role; sub: string };
  enteredAt: string;
  /** The complainant's online takeover: the seq of the event that issued the current code (never the code). */
  takeover: { codeSeq: number; expiresAt: string; takenOverAt: string | null };
}

const OFFLINE_OWNER_PREFIX = 'offline:';

/** The owner of a case entered offline until its complainant takes it over: a `sub` no user is given. */
export const offlineOwnerSub = (caseId: string): string => `${OFFLINE_OWNER_PREFIX}${caseId}`;

/** Whether the case's owner is still the offline placeholder: nobody owns it yet. */
export const awaitsTakeover = (c: Pick<Case, 'ownerSub'>): boolean => c.ownerSub.startsWith(OFFLINE_OWNER_PREFIX);

const EX_OFFICIO_OWNER_PREFIX = 'ex-officio:';

/** The owner of a case an officer opened on its own (SPEC §12, 依职权立案): a `sub` no user is given. */
export const exOfficioOwnerSub = (caseId: string): string => `${EX_OFFICIO_OWNER_PREFIX}${caseId}`;

/** Whether no user owns the case: entered offline and not taken over yet, or opened by an officer. */
export const ownedByNobody = (c: Pick<Case, 'ownerSub'>): boolean => awaitsTakeover(c) || c.ownerSub.startsWith(EX_OFFICIO_OWNER_PREFIX);

/** The lead an officer-initiated case was opened on (SPEC §12). */
export interface Lead {
  source: LeadSource;
  /** The inspection record's, referral's or report's reference. */
  reference: string;
  /** The day the lead reached the agency (YYYY-MM-DD): the filing clock counts from it. */
  receivedOn: string;
}

/** An on-site inspection record of an enforcement case (SPEC §12 `record_inspection`), named by its event's seq. */
export interface InspectionRecord {
  seq: number;
  at: string;
  officers: string[];
  evidenceSha256: string[];
}

/** v2 (SPEC §12): what an administrative enforcement case carries beyond a dispute's fields. */
export interface EnforcementState {
  agency: Agency;
  matter: EnforcementMatter;
  /** Set on a case an officer opened on its own. */
  lead?: Lead;
  /** The officers investigating once filed: at least two (SPEC §12), the assignee first. */
  investigators?: string[];
  inspections?: InspectionRecord[];
}

/** The case as stored (without index keys) and answered by GET /cases/{caseId}. */
export interface Case {
  caseId: string;
  caseNumber: string;
  status: CaseStatus;
  path: CasePath | null;
  stage: string | null;
  ownerSub: string;
  complaint: Complaint;
  flags: CaseFlags;
  priority: number;
  deadline: Deadline | null;
  outcome: Record<string, unknown> | null;
  assignee: string | null;
  parentCaseId: string | null;
  linkedCaseIds: string[];
  /** v2 (SPEC §10): the respondent user who joined the case with its invitation code. Absent on older cases. */
  respondentParty?: { sub: string; joinedAt: string } | null;
  /** v2: the respondent's current invitation. */
  invitation?: InvitationState | null;
  /** v2: the mediation agreement, from `record_agreement` on. */
  agreement?: Agreement | null;
  /** v2 (SPEC §4, §10): the joined respondent's `consent_extension` not yet used by `extend_mediation`. */
  extensionConsent?: { seq: number; at: string } | null;
  /** v2 (SPEC §4): the one request to extend the adjudication decision clock, and its decision. */
  extensionRequest?: ExtensionRequest | null;
  /** v2 (SPEC §4): supervision orders and opinions that require a reply, each with its own clock. */
  supervision?: SupervisionClock[];
  /** v2 (SPEC §4): set by `transfer_to_police`; `resume` after a police decline returns there. */
  transferredFrom?: TransferredFrom | null;
  /** Offline intake (线上线下): set on a case staff entered on the complainant's behalf. Absent on cases filed online. */
  intake?: CaseIntake | null;
  /** v2 (SPEC §12): set when the case enters administrative enforcement (and kept if it leaves). */
  enforcement?: EnforcementState | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Head of the hash-chained timeline: the last event's seq and hash. */
  timelineHead: { seq: number; hash: string };
}

export function isFinal(status: CaseStatus): boolean {
  return FINAL_STATUSES.includes(status);
}
