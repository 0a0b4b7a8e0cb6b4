// Human messages for the rule violations the domain reports, in both languages the API speaks.
// Domain checks report a stable key (e.g. `credit_code.check_character`); the HTTP edge turns it
// into zh-CN (default) or English. Keys not listed here are zod's own, already localised messages.

export type Language = 'zh-CN' | 'en';

const MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'credit_code.format': {
    'zh-CN': '统一社会信用代码应为 18 位，由数字和大写字母（不含 I、O、Z、S、V）组成',
    en: 'A unified social credit code has 18 characters from 0-9 and A-Y without I, O, Z, S, V',
  },
  'credit_code.check_character': {
    'zh-CN': '统一社会信用代码校验位不正确',
    en: 'The check character of the unified social credit code is wrong',
  },
  'credit_code.required': {
    'zh-CN': '企业投诉人须填写统一社会信用代码',
    en: 'An enterprise complainant must give its unified social credit code',
  },
  'id_number.format': {
    'zh-CN': '公民身份号码应为 17 位数字加 1 位校验码（数字或 X）',
    en: 'A resident ID number has 17 digits and a check character (a digit or X)',
  },
  'id_number.check_character': {
    'zh-CN': '公民身份号码校验码不正确',
    en: 'The check character of the resident ID number is wrong',
  },
  'id_number.birth_date': {
    'zh-CN': '公民身份号码中的出生日期无效',
    en: 'The birth date in the resident ID number is not a valid date',
  },
  'id_number.only_individuals': {
    'zh-CN': '只有个人投诉人可以填写公民身份号码',
    en: 'Only an individual complainant may give a resident ID number',
  },
  'phone.format': {
    'zh-CN': '电话号码应为 11 位手机号、带区号的固定电话（如 0915-3212345）或以 + 开头的国际号码',
    en: 'A phone number is an 11-digit mobile number, a landline with its area code (e.g. 0915-3212345) or an international number starting with +',
  },
  'contact.required': {
    'zh-CN': '请至少填写电话或电子邮箱中的一项',
    en: 'Give at least a phone number or an email address',
  },
  // v2 (SPEC §3): foreign complainants (equal protection) and international phone numbers.
  'phone.international_format': {
    'zh-CN': '国际电话号码应为 + 号后接国家代码和号码，共 8 至 15 位数字（如 +49 30 1234567）',
    en: 'An international phone number is + followed by the country code and number, 8 to 15 digits (e.g. +49 30 1234567)',
  },
  'phone.mainland_format': {
    'zh-CN': '+86 号码应为有效的手机号或带区号的固定电话',
    en: 'A +86 number must be a valid mainland mobile number or landline',
  },
  'credit_code.only_domestic': {
    'zh-CN': '境外投诉人不填写统一社会信用代码，请填写注册号或护照号及国家或地区',
    en: 'A foreign complainant gives no unified social credit code: give its registration or passport number and country',
  },
  'id_number.only_domestic': {
    'zh-CN': '境外个人请填写护照号码，而非公民身份号码',
    en: 'A foreign individual gives a passport number, not a resident ID number',
  },
  'registration_number.required': {
    'zh-CN': '境外企业须填写其所在国家或地区的注册号',
    en: 'A foreign enterprise must give its registration number',
  },
  'registration_number.only_foreign_enterprises': {
    'zh-CN': '只有境外企业填写注册号',
    en: 'Only a foreign enterprise gives a registration number',
  },
  'passport_number.required': {
    'zh-CN': '境外个人须填写护照号码',
    en: 'A foreign individual must give a passport number',
  },
  'passport_number.format': {
    'zh-CN': '护照号码应为 5 至 20 位字母或数字',
    en: 'A passport number has 5 to 20 letters or digits',
  },
  'passport_number.only_foreign_individuals': {
    'zh-CN': '只有境外个人填写护照号码',
    en: 'Only a foreign individual gives a passport number',
  },
  'country.required': {
    'zh-CN': '请选择国家或地区',
    en: 'Choose the country or region',
  },
  'country.unknown': {
    'zh-CN': '国家或地区代码应为 ISO 3166-1 两位字母代码（如 DE）',
    en: 'The country must be an ISO 3166-1 two-letter code (e.g. DE)',
  },
  'country.mainland': {
    'zh-CN': '中国大陆的投诉人请以企业或个人身份投诉',
    en: 'A complainant from mainland China files as an enterprise or an individual',
  },
  'country.only_foreign': {
    'zh-CN': '只有境外投诉人填写国家或地区',
    en: 'Only a foreign complainant gives a country',
  },
  'patent_number.format': {
    'zh-CN': '专利号应为 12 位数字加校验位（如 ZL201910603565.1），可带 ZL 或 CN 前缀',
    en: 'A patent number has 12 digits and a check character (e.g. ZL201910603565.1), optionally prefixed by ZL or CN',
  },
  'patent_number.check_digit': {
    'zh-CN': '专利号校验位不正确',
    en: 'The check digit of the patent number is wrong',
  },
  'trademark_number.format': {
    'zh-CN': '商标注册号应为 1 至 8 位数字，国际注册可带 G 前缀，分割申请可带 A 后缀',
    en: 'A trademark registration number has 1 to 8 digits, with a G prefix for international registrations and an A suffix for divisional applications',
  },
  'patent_type.required': {
    'zh-CN': '请选择专利类型（发明、实用新型或外观设计）',
    en: 'Choose the patent type (invention, utility model or design)',
  },
  'patent_type.mismatch': {
    'zh-CN': '专利类型与专利号中的类型位不一致',
    en: 'The patent type does not match the type digit of the patent number',
  },
  'patent_type.only_patents': {
    'zh-CN': '只有专利才需填写专利类型',
    en: 'A patent type is given only for patents',
  },
  'right.expired': {
    'zh-CN': '该权利已过保护期',
    en: 'The right has expired',
  },
  'text.forbidden_characters': {
    'zh-CN': '文本包含不允许的控制字符或不可见字符',
    en: 'The text contains control or invisible characters that are not allowed',
  },
  'url.format': {
    'zh-CN': '网址格式不正确',
    en: 'The URL is not valid',
  },
  'url.https_required': {
    'zh-CN': '网址须以 https:// 开头',
    en: 'The URL must start with https://',
  },
  'sha256.format': {
    'zh-CN': 'SHA-256 摘要应为 64 位十六进制字符',
    en: 'A SHA-256 digest has 64 hexadecimal characters',
  },
  'media_type.format': {
    'zh-CN': '文件类型应为 MIME 类型（如 application/pdf）',
    en: 'The media type must be a MIME type (e.g. application/pdf)',
  },
  'arbitration_agreement.signed_in_future': {
    'zh-CN': '仲裁协议的签订日期不能晚于今天',
    en: 'The arbitration agreement cannot be signed after today',
  },
  'action.not_allowed_in_state': {
    'zh-CN': '案件当前的状态或阶段不允许此操作',
    en: "This action is not allowed in the case's current status or stage",
  },
  'claim.already_claimed': {
    'zh-CN': '该案件已被其他办理人认领',
    en: 'This case has already been claimed',
  },
  'claim.not_queued': {
    'zh-CN': '只能认领处于待办队列中的案件',
    en: 'Only a queued case can be claimed',
  },
  'version.stale': {
    'zh-CN': '案件已被他人更新，请刷新后重试',
    en: 'The case has changed since you read it; reload and try again',
  },
  'escalation.same_path': {
    'zh-CN': '案件已在该程序中',
    en: 'The case is already on that path',
  },
  'escalation.patent_required': {
    'zh-CN': '专利行政裁决只受理专利案件',
    en: 'Patent administrative adjudication handles patent cases only',
  },
  'escalation.patent_dispute': {
    'zh-CN': '专利纠纷由专利行政裁决处理，不转入行政执法',
    en: 'Patent disputes stay on patent administrative adjudication, not administrative enforcement',
  },
  'enforcement.two_officers_required': {
    'zh-CN': '立案调查和现场检查须由两名以上执法人员进行',
    en: 'An investigation and an on-site inspection need at least two officers',
  },
  'enforcement.co_investigator_is_caller': {
    'zh-CN': '第二名执法人员不能是本人',
    en: 'The second officer must be someone other than you',
  },
  'enforcement.co_investigator_only_enforcement': {
    'zh-CN': '只有行政执法案件需要指定第二名执法人员',
    en: 'Only an administrative enforcement case names a second officer',
  },
  'plant_variety_domain.only_plant_variety': {
    'zh-CN': '只有植物新品种需要说明属农业还是林业',
    en: 'Only a plant variety is agricultural or forest',
  },
  'enforcement.matter_right_mismatch': {
    'zh-CN': '违法行为类型与权利类型不符',
    en: 'The matter does not fit the kind of right',
  },
  'enforcement.other_agency': {
    'zh-CN': '该事项不属于本机关管辖',
    en: 'This matter belongs to another agency',
  },
  'lead.received_in_future': {
    'zh-CN': '线索接收日期不能晚于今天',
    en: 'The lead cannot have been received after today',
  },
  'credit.already_open': {
    'zh-CN': '该主体已是候选、审查中或已列入名单',
    en: 'This respondent is already a candidate, under review or listed',
  },
  'inspection.targets_or_filter': {
    'zh-CN': '请列出检查对象，或给出筛选条件（二者选一）',
    en: 'List the targets or give a target filter, not both',
  },
  'inspection.no_targets': { 'zh-CN': '没有符合条件的检查对象', en: 'No targets match' },
  'inspection.filter_too_broad': {
    'zh-CN': '符合条件的检查对象超过 2000 个，请缩小筛选范围',
    en: 'More than 2,000 respondents match: narrow the filter',
  },
  'inspection.plan_too_large': {
    'zh-CN': '抽查计划过大（检查对象名单超过 100 KB），请分批制定计划',
    en: 'The plan is too large (its targets exceed 100 KB): split it into several rounds',
  },
  'inspection.draw_too_large': {
    'zh-CN': '抽取数量过大，抽取结果无法保存，请减少抽取数量',
    en: 'Too many targets to draw for the round to be stored: draw fewer',
  },
  'inspection.duplicate_target': { 'zh-CN': '检查对象重复', en: 'This target is listed twice' },
  'inspection.more_than_targets': {
    'zh-CN': '抽取数量超过检查对象总数',
    en: 'More targets to draw than the plan lists',
  },
  'inspection.duplicate_inspector': { 'zh-CN': '执法检查人员重复', en: 'This inspector is listed twice' },
  'inspection.recusal_unknown_inspector': { 'zh-CN': '回避人员不在执法检查人员名单中', en: 'The recused inspector is not in the plan' },
  'inspection.recusal_unknown_target': { 'zh-CN': '回避对象不在检查对象名单中', en: 'The recusal names a target not in the plan' },
  'inspection.too_few_inspectors': {
    'zh-CN': '扣除回避人员后，有检查对象可抽取的执法检查人员不足',
    en: 'After recusals, some target has fewer eligible inspectors than each target needs',
  },
  'inspection.public_value_numbers': {
    'zh-CN': '公开随机值的数字个数与计划公布的不一致',
    en: 'The public value does not have as many numbers as the plan announced',
  },
  'inspection.already_drawn': { 'zh-CN': '该抽查已经摇号，不能再次摇号', en: 'This round has been drawn already' },
  'inspection.not_drawn': { 'zh-CN': '该抽查尚未摇号', en: 'This round has not been drawn yet' },
  'inspection.target_not_drawn': { 'zh-CN': '该主体不是本次抽中的检查对象', en: 'This respondent was not drawn in this round' },
  'inspection.result_recorded': { 'zh-CN': '该检查对象的结果已经录入', en: "This target's result has been recorded already" },
  'inspection.inspected_in_future': { 'zh-CN': '检查日期不能晚于今天', en: 'The inspection day cannot be in the future' },
  'inspection.case_with_violation': {
    'zh-CN': '发现违法行为时须填写立案信息，其他结果不填',
    en: 'Give the case exactly when a violation was found',
  },
  'credit.not_candidate': { 'zh-CN': '只能对候选对象启动审查', en: 'Only a candidate can be reviewed' },
  'credit.not_under_review': { 'zh-CN': '该主体不在审查中', en: 'This respondent is not under review' },
  'credit.statement_recorded': { 'zh-CN': '陈述申辩已记录', en: 'The statement has been recorded already' },
  'credit.statement_period_running': {
    'zh-CN': '陈述申辩期限未届满，且尚未收到陈述申辩',
    en: 'The statement period is still running and no statement has been received',
  },
  'credit.not_listed': { 'zh-CN': '该主体不在名单中', en: 'This respondent is not listed' },
  'credit.repair_pending': { 'zh-CN': '已有待审查的信用修复申请', en: 'A credit repair application is pending' },
  'credit.no_repair_application': { 'zh-CN': '尚未收到信用修复申请', en: 'No credit repair application has been received' },
  'credit.repair_too_early': {
    'zh-CN': '列入名单满一年后方可提前移出',
    en: 'An early removal is possible only after a year on the list',
  },
  'extension.clock_ended': {
    'zh-CN': '申请延长的期限已结束（案件已进入下一阶段）',
    en: 'The clock the request was for has ended (the case has moved on)',
  },
  'deadline.none': {
    'zh-CN': '案件当前没有计时',
    en: 'The case has no running clock',
  },
  'deadline.already_paused': {
    'zh-CN': '期限已中止计算',
    en: 'The clock is already paused',
  },
  'deadline.not_paused': {
    'zh-CN': '期限未中止，无需恢复',
    en: 'The clock is not paused',
  },
  'deadline.overdue': {
    'zh-CN': '期限已届满，不能中止',
    en: 'The clock has run out and cannot be paused',
  },
  'escalation.agreement_required': {
    'zh-CN': '转入仲裁需要仲裁协议',
    en: 'Arbitration needs an arbitration agreement',
  },
  'evidence.too_many': {
    'zh-CN': '一个案件最多可有 200 份证据',
    en: 'A case can hold at most 200 evidence items',
  },
  'deadline.already_extended': {
    'zh-CN': '该期限已延长过一次，不能再次延长',
    en: 'This deadline has already been extended once',
  },
  'deadline.not_extendable': {
    'zh-CN': '当前期限不可延长',
    en: 'The current deadline cannot be extended',
  },
  'case_number.format': {
    'zh-CN': '案件编号格式应为 AKIP-年份-六位序号',
    en: 'A case number looks like AKIP-2026-000123',
  },
  'invitation.code_format': {
    'zh-CN': '邀请码为 8 位，由数字 2-9 和大写字母（不含 I、L、O）组成',
    en: 'An invitation code has 8 characters: digits 2-9 and capital letters without I, L, O',
  },
  'invitation.invalid': {
    'zh-CN': '案件编号或邀请码不正确，或邀请码已使用、已作废',
    en: 'The case number or the code is wrong, or the code was used or replaced',
  },
  'invitation.expired': {
    'zh-CN': '邀请码已过期，请联系承办人员重新邀请',
    en: 'The code has expired; ask the case handler for a new invitation',
  },
  'invitation.locked': {
    'zh-CN': '错误次数过多，本案邀请已锁定一小时',
    en: 'Too many wrong codes: this case’s invitations are locked for an hour',
  },
  'invitation.already_joined': {
    'zh-CN': '被投诉人已加入本案',
    en: 'The respondent has already joined this case',
  },
  // Offline intake (线上线下) and the complainant's online takeover.
  'intake.received_in_future': {
    'zh-CN': '收件日期不能晚于今天',
    en: 'The day the complaint was received cannot be later than today',
  },
  'takeover.already_taken': {
    'zh-CN': '本案已由投诉人在线接管',
    en: 'The complainant has already taken this case over online',
  },
  'agreement.no_terms_hash': {
    'zh-CN': '该调解协议记录于在线签署启用之前，无法在线签署',
    en: 'This agreement was recorded before online signing existed and cannot be signed online',
  },
  'agreement.terms_mismatch': {
    'zh-CN': '签署的协议内容与记录的协议不一致',
    en: 'The terms signed are not the terms recorded',
  },
  'agreement.already_signed': {
    'zh-CN': '该方已签署协议',
    en: 'This party has already signed the agreement',
  },
  'agreement.not_signed_by_both': {
    'zh-CN': '双方签署协议后才能共同申请司法确认',
    en: 'Both parties must sign the agreement before applying jointly for judicial confirmation',
  },
  'agreement.already_applied': {
    'zh-CN': '该方已申请司法确认，等待另一方申请',
    en: 'This party has already applied; the other party’s application is awaited',
  },
  'message.case_final': {
    'zh-CN': '案件已终结，不能再发送留言',
    en: 'The case is closed to messages',
  },
  // Version 2 changes to the action table (SPEC §4): extensions, the confirmation window, supervision.
  'deadline.extension_too_long': {
    'zh-CN': '延长的天数超过了该期限允许的延长期',
    en: 'That is longer than this time limit may be extended',
  },
  'extension.respondent_consent_required': {
    'zh-CN': '被投诉人未在线加入本案时，须由承办人员确认其已同意延长',
    en: 'While the respondent is not online, the handler must state that it consented',
  },
  'extension.respondent_consents_itself': {
    'zh-CN': '被投诉人已在线加入本案，须由其本人同意延长',
    en: 'The respondent is online: it gives its consent itself',
  },
  'extension.respondent_consent_missing': {
    'zh-CN': '被投诉人尚未同意延长调解期限',
    en: 'The respondent has not consented to extending the mediation',
  },
  'extension.already_requested': {
    'zh-CN': '本案已申请过延长期限',
    en: 'An extension has already been requested for this case',
  },
  'extension.none_pending': {
    'zh-CN': '没有待审批的延期申请',
    en: 'There is no extension request awaiting a decision',
  },
  'extension.self_approval': {
    'zh-CN': '不能审批本人提出的延期申请',
    en: 'You cannot decide your own extension request',
  },
  window_closed: {
    'zh-CN': '自调解协议达成之日起已超过申请司法确认的期限',
    en: 'The time to apply for judicial confirmation of the agreement has passed',
  },
  'supervision.due_not_in_future': {
    'zh-CN': '办理期限应晚于当前时间',
    en: 'The due time must be in the future',
  },
  'supervision.unknown_order': {
    'zh-CN': '本案没有该督办事项',
    en: 'This case has no such supervision order',
  },
  'supervision.unknown_opinion': {
    'zh-CN': '本案没有需要答复的该监督意见',
    en: 'This case has no such opinion awaiting a reply',
  },
  'supervision.already_replied': {
    'zh-CN': '该事项已答复',
    en: 'This has already been answered',
  },
};

/** The message for a domain key in the language asked for, or undefined if the key is not a domain key. */
export function domainMessage(key: string, language: Language): string | undefined {
  return MESSAGES[key]?.[language];
}
