// The two languages of the pages: zh-CN (default) and English, chosen by the switch in the header
// and remembered in localStorage. Field, status and action names live here; rule messages come
// from the domain (messages.ts) and zod's locales, exactly as the server words them.

import type { Language } from '#domain/messages.ts';

export type { Language };

const STORAGE_KEY = 'akip.lang';

let current: Language = readStored();

function readStored(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
}

type Entry = readonly [zh: string, en: string];

const TEXT = {
  appName: ['安康市知识产权协同保护平台', 'Ankang IP Collaborative Protection'],
  skip: ['跳到主要内容', 'Skip to main content'],
  mainNav: ['主导航', 'Main navigation'],
  switchTo: ['English', '中文'],
  home: ['首页', 'Home'],
  file: ['提交投诉', 'File a complaint'],
  myCases: ['我的案件', 'My cases'],
  queue: ['待办队列', 'Work queue'],
  search: ['案件查询', 'Case search'],
  stats: ['统计', 'Statistics'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  signedInAs: ['当前用户', 'Signed in as'],
  loading: ['正在加载…', 'Loading…'],
  footer: ['安康市知识产权局 · 协同保护平台', 'Ankang IP Administration · collaborative protection'],
  homeIntro: [
    '权利人可在线提交侵权投诉并跟踪办理进度；调解、仲裁、公证和行政执法人员在此办理案件；法院、检察院和知识产权局共享案件信息。',
    'Rights holders file infringement complaints online and follow them; mediators, arbitrators, notaries and enforcement officers work their cases here; courts, the procuratorate and the IP administration share case information.',
  ],
  signInFirst: ['请先登录。', 'Please sign in first.'],
  devSignInTitle: ['开发环境登录', 'Development sign-in'],
  devSignInHint: [
    '仅用于本机开发和测试：选择角色并输入用户标识，即获得本机签发的令牌。',
    'For local development and tests only: pick a role and a user id to get a locally signed token.',
  ],
  role: ['角色', 'Role'],
  userId: ['用户标识', 'User id'],
  userIdHint: ['字母、数字、点、下划线或连字符，1–64 位', 'Letters, digits, dot, underscore or hyphen, 1–64 characters'],
  tokenSignInTitle: ['使用令牌登录', 'Sign in with a token'],
  tokenSignInHint: ['粘贴由管理员签发的访问令牌。', 'Paste an access token issued by an administrator.'],
  token: ['访问令牌', 'Access token'],
  oidcSignIn: ['通过统一身份认证登录', 'Sign in with the identity provider'],
  signInFailed: ['登录失败', 'Sign-in failed'],
  wrongRole: ['此页面仅供以下角色使用：', 'This page is for these roles only: '],
  yourRole: ['您当前的角色：', 'Your role: '],
  notFoundPage: ['页面不存在。', 'There is no such page.'],
  networkLost: [
    '网络连接中断，请求未能送达。您填写的内容已保留，请检查网络后重试。',
    'The network connection was lost and the request did not get through. What you entered is kept; check the connection and try again.',
  ],
  sessionExpired: ['登录已过期，请重新登录。', 'Your session has expired; please sign in again.'],
  rateLimited: ['请求过于频繁，请稍后再试。', 'Too many requests; please wait a moment and try again.'],
  serverError: ['服务暂时不可用，请稍后再试。', 'The service is unavailable right now; please try again later.'],
  // The complaint form
  fileTitle: ['提交知识产权侵权投诉', 'File an IP infringement complaint'],
  fileIntro: [
    '带 * 的为必填项。证据文件只在您的电脑上计算 SHA-256 摘要，文件本身不会上传。',
    'Fields marked * are required. Evidence files are hashed (SHA-256) on your computer; the files themselves are not uploaded.',
  ],
  complainant: ['投诉人', 'Complainant'],
  complainantType: ['投诉人类型', 'Complainant type'],
  enterprise: ['企业', 'Enterprise'],
  individual: ['个人', 'Individual'],
  name: ['名称或姓名', 'Name'],
  creditCode: ['统一社会信用代码', 'Unified social credit code'],
  creditCodeHint: ['18 位，企业必填', '18 characters; required for enterprises'],
  idNumber: ['公民身份号码', 'Resident ID number'],
  idNumberHint: ['个人可选填，18 位', 'Optional for individuals; 18 characters'],
  phone: ['联系电话', 'Phone'],
  email: ['电子邮箱', 'Email'],
  contactHint: ['电话和邮箱至少填写一项', 'Give a phone number, an email address, or both'],
  right: ['权利', 'The right'],
  rightKind: ['权利类型', 'Kind of right'],
  rightNumber: ['权利号（专利号、注册号或证书号）', 'Number (patent, registration or certificate)'],
  rightNumberHint: ['专利号如 ZL201910603565.1', 'A patent number looks like ZL201910603565.1'],
  rightTitle: ['权利名称（专利名称、商标、作品或品种名称）', 'Title (patent title, mark, work or variety)'],
  rightHolder: ['权利人（登记的权利所有人）', 'Holder (registered owner)'],
  patentType: ['专利类型', 'Patent type'],
  validUntil: ['权利有效期至', 'Valid until'],
  respondent: ['被投诉人', 'Respondent'],
  respondentName: ['被投诉人名称', 'Respondent name'],
  respondentCreditCode: ['被投诉人统一社会信用代码', 'Respondent credit code'],
  address: ['地址', 'Address'],
  onlineStoreUrl: ['网店地址', 'Online store URL'],
  onlineStoreUrlHint: ['以 https:// 开头', 'Starts with https://'],
  countyCode: ['侵权行为发生地（县区）', 'Where the infringement occurs (county)'],
  description: ['侵权事实描述', 'Description of the infringement'],
  descriptionHint: ['20 至 5000 字', '20 to 5,000 characters'],
  claims: ['请求事项', 'Claims'],
  stopInfringement: ['请求停止侵权', 'Stop the infringement'],
  damagesCny: ['赔偿金额（元）', 'Damages (CNY)'],
  evidence: ['证据', 'Evidence'],
  evidenceFiles: ['证据文件', 'Evidence files'],
  evidenceHint: [
    '最多 50 个文件，每个不超过 2 GiB；仅上传摘要和文件信息',
    'Up to 50 files of at most 2 GiB each; only their digests and details are sent',
  ],
  hashing: ['正在计算摘要…', 'Computing digests…'],
  noEvidence: ['尚未选择文件', 'No files chosen'],
  options: ['办理方式', 'How to proceed'],
  preferredPath: ['希望的处理途径', 'Preferred path'],
  noPreference: ['不指定', 'No preference'],
  arbitrationReference: ['仲裁协议编号', 'Arbitration agreement reference'],
  arbitrationSignedOn: ['仲裁协议签订日期', 'Arbitration agreement signed on'],
  arbitrationHint: ['选择仲裁时须提供', 'Needed for arbitration'],
  requestEvidencePreservation: ['同时申请证据保全公证', 'Also request notarial evidence preservation'],
  submit: ['提交投诉', 'Submit the complaint'],
  submitting: ['正在提交…', 'Submitting…'],
  choose: ['请选择', 'Choose'],
  fixErrors: ['请更正以下问题后再提交：', 'Please correct these before submitting:'],
  filed: ['投诉已提交', 'Complaint filed'],
  filedCaseNumber: ['案件编号：', 'Case number: '],
  filedNext: ['系统正在分流处理，您可在“我的案件”中查看进度。', 'It is being routed; follow it under “My cases”.'],
  viewCase: ['查看案件', 'View the case'],
  fileAnother: ['再提交一件', 'File another'],
  required: ['必填', 'required'],
  // Case views
  caseNumber: ['案件编号', 'Case number'],
  caseDetails: ['案件详情', 'Case details'],
  status: ['状态', 'Status'],
  path: ['处理途径', 'Path'],
  stage: ['阶段', 'Stage'],
  deadline: ['办理期限', 'Deadline'],
  overdue: ['已逾期', 'Overdue'],
  extended: ['已延长', 'Extended'],
  assignee: ['承办人', 'Handler'],
  createdAt: ['提交时间', 'Filed at'],
  flags: ['提示', 'Flags'],
  repeatRespondent: ['重复侵权', 'Repeat respondent'],
  possibleDuplicate: ['疑似重复投诉', 'Possible duplicate'],
  timeline: ['办理记录', 'Timeline'],
  integrityOk: ['记录完整（哈希链校验通过）', 'Timeline intact (hash chain verified)'],
  integrityBroken: ['记录异常：第 {n} 条起哈希链校验失败', 'Timeline broken: the hash chain fails from event {n}'],
  integrityChecking: ['正在校验记录…', 'Verifying the timeline…'],
  outcome: ['结果', 'Outcome'],
  none: ['无', 'none'],
  noCases: ['没有案件。', 'No cases.'],
  open: ['打开', 'Open'],
  reload: ['刷新', 'Reload'],
  back: ['返回', 'Back'],
  caseActions: ['可执行的操作', 'Actions you can take'],
  noActions: ['当前阶段没有您可执行的操作。', 'There is nothing you can do at this stage.'],
  doAction: ['执行', 'Submit'],
  actionDone: ['操作已记录。', 'The action was recorded.'],
  staleReloaded: [
    '案件已被他人更新，页面已重新载入最新状态。请核对后再操作。',
    'Someone else changed this case; the page has reloaded its current state. Check it and try again.',
  ],
  conflictReloaded: ['操作未执行：', 'The action was not taken: '],
  claim: ['认领', 'Claim'],
  claimed: ['已认领。', 'Claimed.'],
  myWork: ['我承办的案件', 'Cases I am working'],
  queued: ['待认领的案件', 'Cases waiting to be claimed'],
  priority: ['优先级', 'Priority'],
  filters: ['筛选条件', 'Filters'],
  any: ['全部', 'Any'],
  find: ['查询', 'Search'],
  results: ['查询结果', 'Results'],
  more: ['加载更多', 'Load more'],
  respondentHistory: ['被投诉人历史案件', 'Respondent history'],
  resolvedAgainst: ['认定侵权的案件数', 'Cases resolved against it'],
  historyCounts: ['全部案件 {total} 件，其中未办结 {open} 件', 'All cases: {total}, of which open: {open}'],
  showHistory: ['查看被投诉人历史', 'Show the respondent’s history'],
  total: ['案件总数', 'Total cases'],
  byStatus: ['按状态', 'By status'],
  byPath: ['按处理途径', 'By path'],
  byRightKind: ['按权利类型', 'By kind of right'],
  byCounty: ['按县区', 'By county'],
  medianDays: ['平均办结天数（中位数）', 'Median days to resolution'],
  overdueCount: ['逾期案件', 'Overdue cases'],
  chartOf: ['图表：', 'Chart: '],
  evidenceAdded: ['证据已添加。', 'Evidence added.'],
  withdrawn: ['投诉已撤回。', 'The complaint was withdrawn.'],
  fileSize: ['大小', 'Size'],
  digest: ['SHA-256', 'SHA-256'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  event: ['事件', 'Event'],
  actor: ['操作人', 'By'],
  at: ['时间', 'At'],
  // Both parties online (SPEC §10)
  joinCase: ['加入案件', 'Join a case'],
  joinTitle: ['凭邀请码加入案件', 'Join a case with your invitation code'],
  joinIntro: [
    '承办人邀请您作为被投诉人参与案件时，邀请码会通过短信或电子邮件发送给您。请输入案件编号和 8 位邀请码；邀请码只能使用一次，15 天内有效。',
    'When the handler invites you to a case as the respondent, the invitation code is sent to you by SMS or e-mail. Enter the case number and the 8-character code; a code works once and for 15 days.',
  ],
  caseNumberHint: ['如 AKIP-2026-000123', 'For example AKIP-2026-000123'],
  invitationCode: ['邀请码', 'Invitation code'],
  invitationCodeHint: ['8 位，由数字 2-9 和字母组成，不区分大小写', '8 digits 2–9 and letters; upper or lower case'],
  invitationLocked: [
    '该案件的邀请码输错次数过多，已暂停 1 小时。请稍后再试，或联系承办人重新发送邀请。',
    'Too many wrong codes for this case: its invitation is locked for an hour. Try again later, or ask the handler to send a new invitation.',
  ],
  join: ['加入', 'Join'],
  joined: ['您已加入案件 {caseNumber}。', 'You have joined case {caseNumber}.'],
  myCasesRespondentHint: ['收到邀请码？', 'Got an invitation code?'],
  selfSignUpHint: [
    '正式环境中，权利人和被投诉人使用经验证的手机号或电子邮箱自行注册；工作人员账号由管理员分配。',
    'In production, rights holders and respondents register themselves with a verified mobile number or e-mail address; staff accounts are assigned by an administrator.',
  ],
  // The parties' sign-up (SPEC §10 "Accounts"), in the cloud
  noAccountYet: ['还没有账号？', 'No account yet?'],
  signUpLink: ['权利人、被投诉人注册', 'Register as a rights holder or respondent'],
  signUpTitle: ['注册账号', 'Create an account'],
  signUpIntro: [
    '权利人和被投诉人（或其代理人）可在此自行注册。工作人员账号由管理员分配，无需注册。',
    'Rights holders and respondents (or their agents) register here themselves. Staff accounts are assigned by an administrator and need no sign-up.',
  ],
  signUpUnavailable: ['本环境不提供在线注册，请在登录页登录。', 'This environment offers no online registration; use the sign-in page.'],
  side: ['您的身份', 'You take part as'],
  sideHint: ['注册后不能更改', 'It cannot be changed after sign-up'],
  sideRightsHolder: ['权利人：我要投诉侵权', 'Rights holder: I file complaints about infringements'],
  sideRespondent: ['被投诉人：我收到了参与案件的邀请', 'Respondent: I was invited to take part in a case'],
  sideMissing: ['请选择您的身份', 'Choose how you take part'],
  sideRefused: [
    '注册未被接受：只能以权利人或被投诉人身份注册。',
    'The sign-up was refused: only a rights holder or a respondent may sign up.',
  ],
  emailHint: ['用作登录名，验证码将发送到此邮箱', 'Your sign-in name; the confirmation code is sent here'],
  emailInvalid: ['请输入有效的电子邮箱地址', 'Enter a valid e-mail address'],
  emailTaken: [
    '该邮箱已注册。请直接登录（忘记密码可在登录页重设）；如已注册但尚未输入验证码，请选择“已有验证码”。',
    'An account with this address exists. Sign in (a forgotten password can be reset on the sign-in page); if you signed up but have not entered the code yet, choose "I already have a code".',
  ],
  password: ['密码', 'Password'],
  passwordHint: [
    '至少 12 位，须包含大写字母、小写字母、数字和符号（如 ! @ # $ %）',
    'At least 12 characters, with an upper-case letter, a lower-case letter, a digit and a symbol (such as ! @ # $ %)',
  ],
  passwordMissing: ['密码还需要', 'The password still needs'],
  passwordRuleLength: ['至少 12 位', 'at least 12 characters'],
  passwordRuleUpper: ['大写字母', 'an upper-case letter'],
  passwordRuleLower: ['小写字母', 'a lower-case letter'],
  passwordRuleDigit: ['数字', 'a digit'],
  passwordRuleSymbol: ['符号', 'a symbol'],
  passwordSpaces: ['密码不能以空格开头或结尾', 'The password may not begin or end with a space'],
  passwordRefused: [
    '密码不符合要求：至少 12 位，须包含大写字母、小写字母、数字和符号。',
    'The password does not meet the rules: at least 12 characters, with an upper-case letter, a lower-case letter, a digit and a symbol.',
  ],
  passwordRepeat: ['再次输入密码', 'Password again'],
  passwordsDiffer: ['两次输入的密码不一致', 'The two passwords differ'],
  createAccount: ['注册', 'Create account'],
  haveCode: ['已有验证码', 'I already have a code'],
  tooManyAttempts: ['尝试次数过多，请稍后再试。', 'Too many attempts; please wait a while and try again.'],
  codeNotDelivered: ['验证码无法发送到该邮箱，请核对地址。', 'The code could not be sent to this address; check it.'],
  codeTitle: ['输入验证码', 'Enter the confirmation code'],
  codeSent: [
    '验证码已发送至 {destination}，请查收邮件（也请查看垃圾邮件）。',
    'A confirmation code was sent to {destination}; check your mail (and the spam folder).',
  ],
  confirmationCode: ['验证码', 'Confirmation code'],
  confirmationCodeHint: ['邮件中的 6 位数字', 'The 6 digits in the e-mail'],
  codeMissing: ['请输入验证码', 'Enter the code'],
  confirm: ['确认', 'Confirm'],
  resendCode: ['重新发送验证码', 'Send a new code'],
  codeResent: ['新的验证码已发送至 {destination}。', 'A new code was sent to {destination}.'],
  codeMismatch: ['验证码不正确，请核对邮件中的验证码。', 'That code is not right; check the code in the e-mail.'],
  codeExpired: ['验证码已过期，请重新发送验证码。', 'The code has expired; send a new code.'],
  alreadyConfirmed: ['该账号已完成验证，请直接登录。', 'This account is already confirmed; sign in.'],
  noSignUpWaiting: ['该邮箱没有待验证的注册，请重新注册。', 'No sign-up is waiting for this address; sign up again.'],
  accountReady: ['账号已就绪。', 'Your account is ready.'],
  signInNext: [
    '请登录。首次登录时需设置身份验证器应用（如手机上的验证器），此后每次登录输入它显示的 6 位动态码。',
    'Sign in now. The first time, you set up an authenticator app (on your phone, for example); from then on you enter the 6-digit code it shows each time you sign in.',
  ],
  respondentNext: [
    '被投诉人登录后，请在“{join}”页面输入案件编号和邀请码。',
    'As a respondent, after signing in, enter the case number and your invitation code on the "{join}" page.',
  ],
  complainantContact: ['投诉人联系方式', 'Complainant contact'],
  respondentParty: ['被投诉人参与情况', 'Respondent online'],
  respondentJoinedAt: ['被投诉人已于 {at} 加入案件', 'The respondent joined on {at}'],
  respondentInvitedAt: [
    '已于 {at} 邀请被投诉人（{channels}），邀请码有效期至 {until}，尚未加入',
    'The respondent was invited on {at} ({channels}); the code is valid until {until}; not joined yet',
  ],
  respondentNotInvited: ['尚未邀请被投诉人在线参与', 'The respondent has not been invited online'],
  agreement: ['调解协议', 'Mediation agreement'],
  agreementDigest: ['登记的协议摘要（SHA-256）', 'Registered digest of the terms (SHA-256)'],
  termsVerified: [
    '协议内容与登记的摘要一致（已在本机重新计算 SHA-256）',
    'The terms match the registered digest (SHA-256 recomputed on this computer)',
  ],
  termsMismatch: [
    '协议内容与登记的摘要不一致，请勿签署并联系承办人',
    'The terms do not match the registered digest: do not sign, and contact the handler',
  ],
  termsChecking: ['正在核验协议内容…', 'Verifying the terms…'],
  termsUnavailable: ['无法读取协议内容，暂不能核验和签署。', 'The terms cannot be read, so they cannot be verified or signed.'],
  signatures: ['签署情况', 'Signatures'],
  signedOnline: ['已于 {at} 在线签署', 'Signed online on {at}'],
  signedOffline: ['已于 {at} 线下签署（记录编号 {reference}）', 'Signed on paper on {at} (record {reference})'],
  notSigned: ['尚未签署', 'Not signed yet'],
  signedByBoth: ['双方均已签署', 'Signed by both parties'],
  notSignedByBoth: ['尚待双方签署', 'Waiting for both signatures'],
  applications: ['司法确认申请', 'Applications for judicial confirmation'],
  appliedAt: ['已于 {at} 申请', 'Applied on {at}'],
  notApplied: ['尚未申请', 'Not applied yet'],
  signAgreement: ['确认并签署协议', 'Confirm and sign the agreement'],
  signAgreementHint: [
    '签署即表示您确认上述协议内容；发送的是本机计算的协议摘要，协议内容被改动过的话签署不会成功。',
    'Signing confirms the terms above; what is sent is the digest computed here, so a signature of altered terms fails.',
  ],
  signed: ['您已签署协议。', 'You have signed the agreement.'],
  messages: ['案件沟通', 'Case messages'],
  messagesIntro: [
    '公开沟通：双方当事人和承办人均可看到；单独沟通（背对背）：只有一方当事人和承办人可以看到。',
    'Open: both parties and the handler see it. Private (caucus): one party and the handler only.',
  ],
  noMessages: ['还没有消息。', 'No messages yet.'],
  messageText: ['消息内容', 'Message'],
  messageTextHint: ['1 至 5000 字', '1 to 5,000 characters'],
  messageEmpty: ['请输入消息内容', 'Please write a message'],
  tooManyFiles: ['一条消息最多附 20 个文件', 'A message takes at most 20 files'],
  messageEvidenceHint: ['最多 20 个文件；仅发送摘要和文件信息', 'Up to 20 files; only their digests and details are sent'],
  send: ['发送', 'Send'],
  sent: ['消息已发送。', 'The message was sent.'],
  readOnlyChannel: ['您可以查看但不能在此发言。', 'You can read this channel but not post in it.'],
  messagesClosed: ['案件已办结，不再接收新消息。', 'The case is closed; it takes no new messages.'],
  you: ['您', 'you'],
  respondentConsents: ['被投诉人同意调解', 'The respondent agrees to mediation'],
  bySide: ['{side}一方', 'by the {side}'],
  awaitingSide: ['等待{side}申请', 'waiting for the {side} to apply'],
} satisfies Record<string, Entry>;

export type TextKey = keyof typeof TEXT;

export function t(key: TextKey, vars: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  let text = current === 'en' ? en : zh;
  for (const [name, value] of Object.entries(vars)) text = text.replace(`{${name}}`, String(value));
  return text;
}

/** Names of enumerated values (statuses, paths, stages, roles, kinds, actions, events). */
const NAMES: Record<string, Entry> = {
  // statuses
  submitted: ['已提交', 'Submitted'],
  queued: ['待办', 'Queued'],
  in_progress: ['办理中', 'In progress'],
  awaiting_confirmation: ['待司法确认', 'Awaiting confirmation'],
  resolved: ['已办结', 'Resolved'],
  rejected: ['不予受理', 'Rejected'],
  withdrawn: ['已撤回', 'Withdrawn'],
  transferred: ['已移送', 'Transferred'],
  // paths
  mediation: ['调解', 'Mediation'],
  arbitration: ['仲裁', 'Arbitration'],
  notarization: ['公证', 'Notarization'],
  administrative_adjudication: ['专利行政裁决', 'Administrative adjudication'],
  // stages
  awaiting_consent: ['待征得同意', 'Awaiting consent'],
  consented: ['已同意调解', 'Consented'],
  session_scheduled: ['已安排调解', 'Session scheduled'],
  agreement_reached: ['已达成协议', 'Agreement reached'],
  judicial_confirmation_requested: ['已申请司法确认', 'Judicial confirmation requested'],
  judicially_confirmed: ['已司法确认', 'Judicially confirmed'],
  failed: ['调解未成功', 'Failed'],
  closed_with_agreement: ['调解结案（达成协议）', 'Closed with agreement'],
  closed_without_agreement: ['调解结案（未达成协议）', 'Closed without agreement'],
  acceptance_review: ['受理审查', 'Acceptance review'],
  accepted: ['已受理', 'Accepted'],
  hearing_scheduled: ['已安排开庭', 'Hearing scheduled'],
  award_issued: ['已作出裁决', 'Award issued'],
  evidence_preserved: ['证据已保全', 'Evidence preserved'],
  certificate_issued: ['已出具公证书', 'Certificate issued'],
  filing_review: ['立案审查', 'Filing review'],
  filed: ['已立案', 'Filed'],
  decision_issued: ['已作出决定', 'Decision issued'],
  transferred_to_police: ['已移送公安', 'Transferred to police'],
  transferred_to_litigation: ['已转诉讼', 'Transferred to litigation'],
  // roles
  rights_holder: ['权利人', 'Rights holder'],
  mediator: ['调解员', 'Mediator'],
  arbitrator: ['仲裁员', 'Arbitrator'],
  notary: ['公证员', 'Notary'],
  officer: ['执法人员', 'Enforcement officer'],
  court: ['法院', 'Court'],
  procuratorate: ['检察院', 'Procuratorate'],
  police: ['公安', 'Police'],
  supervisor: ['知识产权局', 'IP administration'],
  respondent: ['被投诉人', 'Respondent'],
  system: ['系统', 'System'],
  complainant: ['投诉人', 'Complainant'],
  handler: ['承办人', 'Handler'],
  // message channels (a party's own caucus is named from its side: `ownCaucus`)
  open: ['公开沟通', 'Open channel'],
  caucus_complainant: ['与投诉人单独沟通', 'Caucus with the complainant'],
  caucus_respondent: ['与被投诉人单独沟通', 'Caucus with the respondent'],
  own_caucus: ['与承办人单独沟通', 'Private with the handler'],
  // notification channels and languages
  email: ['电子邮件', 'e-mail'],
  sms: ['短信', 'SMS'],
  'zh-CN': ['中文', 'Chinese'],
  en: ['英文', 'English'],
  // right kinds and patent types
  patent: ['专利', 'Patent'],
  trademark: ['商标', 'Trademark'],
  geographical_indication: ['地理标志', 'Geographical indication'],
  copyright: ['著作权', 'Copyright'],
  plant_variety: ['植物新品种', 'Plant variety'],
  invention: ['发明', 'Invention'],
  utility_model: ['实用新型', 'Utility model'],
  design: ['外观设计', 'Design'],
  online: ['线上', 'Online'],
  offline: ['线下', 'Offline'],
  // actions and timeline events
  record_consent: ['记录是否同意调解', 'Record consent'],
  schedule_session: ['安排调解', 'Schedule a session'],
  record_agreement: ['记录调解协议', 'Record the agreement'],
  record_failure: ['记录调解失败', 'Record failure'],
  request_judicial_confirmation: ['申请司法确认', 'Request judicial confirmation'],
  record_judicial_confirmation: ['记录司法确认结果', 'Record judicial confirmation'],
  close: ['结案', 'Close'],
  escalate: ['转其他途径', 'Escalate'],
  transfer_to_litigation: ['转诉讼', 'Transfer to litigation'],
  accept: ['受理', 'Accept'],
  reject: ['不予受理', 'Reject'],
  schedule_hearing: ['安排开庭', 'Schedule a hearing'],
  issue_award: ['作出裁决', 'Issue the award'],
  record_preservation: ['记录证据保全', 'Record preservation'],
  issue_certificate: ['出具公证书', 'Issue the certificate'],
  accept_filing: ['立案', 'Accept the filing'],
  reject_filing: ['不予立案', 'Reject the filing'],
  extend_deadline: ['延长期限', 'Extend the deadline'],
  issue_decision: ['作出处理决定', 'Issue the decision'],
  transfer_to_police: ['移送公安', 'Transfer to police'],
  record_police_decision: ['记录公安决定', 'Record the police decision'],
  withdraw: ['撤回投诉', 'Withdraw'],
  add_evidence: ['补充证据', 'Add evidence'],
  release: ['退回队列', 'Release'],
  reassign: ['改派承办人', 'Reassign'],
  add_note: ['添加备注', 'Add a note'],
  add_supervision_opinion: ['提出监督意见', 'Add a supervision opinion'],
  invite_respondent: ['邀请被投诉人在线参与', 'Invite the respondent online'],
  respondent_joined: ['被投诉人已加入', 'Respondent joined'],
  respond_consent: ['答复是否同意调解', 'Answer: consent to mediation'],
  submit_statement: ['提交答辩意见', 'Submit a statement of defence'],
  counter_notice: ['提交不侵权声明', 'Submit a counter-notice'],
  consent_extension: ['同意延长调解期限', 'Consent to extend mediation'],
  sign_agreement: ['签署调解协议', 'Sign the agreement'],
  record_offline_signature: ['记录线下签署', 'Record a signature on paper'],
  message_posted: ['沟通消息', 'Message posted'],
  extend_mediation: ['延长调解期限', 'Extend mediation'],
  // outcomes
  judicially_confirmed_agreement: ['调解协议经司法确认', 'Agreement judicially confirmed'],
  mediation_agreement: ['调解达成协议', 'Mediation agreement'],
  mediation_failed: ['调解未成功', 'Mediation failed'],
  award: ['仲裁裁决', 'Arbitral award'],
  notarial_certificate: ['公证书', 'Notarial certificate'],
  decision: ['处理决定', 'Decision'],
  routed: ['已分流', 'Routed'],
  claimed: ['已认领', 'Claimed'],
  deadline_overdue: ['期限已过', 'Deadline passed'],
  evidence_preservation_case_opened: ['已开立证据保全案件', 'Preservation case opened'],
  flagged_possible_duplicate: ['标记：疑似重复投诉', 'Flagged: possible duplicate'],
  internal: ['内部记录', 'Internal record'],
  flagged_repeat_respondent: ['标记：重复侵权', 'Flagged: repeat respondent'],
  // deadline kinds
  filing_review_deadline: ['立案审查期限', 'Filing review'],
  adjudication_decision: ['行政裁决期限', 'Adjudication decision'],
  arbitration_acceptance: ['仲裁受理期限', 'Arbitration acceptance'],
  notarization_certificate: ['公证出证期限', 'Notarial certificate'],
  mediation_outcome: ['调解期限', 'Mediation outcome'],
  judicial_confirmation_request: ['申请司法确认期限', 'Judicial confirmation request'],
  court_confirmation: ['法院确认期限', 'Court confirmation'],
  police_decision: ['公安决定期限', 'Police decision'],
};

/** Labels of the fields of action forms (generated from the action schemas). */
const FIELDS: Record<string, Entry> = {
  reason: ['理由', 'Reason'],
  at: ['时间', 'Time'],
  mode: ['方式', 'Mode'],
  location: ['地点', 'Location'],
  terms: ['协议内容', 'Terms'],
  amountCny: ['金额（元）', 'Amount (CNY)'],
  performBy: ['履行期限', 'Perform by'],
  rulingNumber: ['裁定书编号', 'Ruling number'],
  confirmed: ['予以确认', 'Confirmed'],
  toPath: ['转入途径', 'To path'],
  arbitrationAgreement: ['仲裁协议', 'Arbitration agreement'],
  reference: ['协议编号', 'Reference'],
  signedOn: ['签订日期', 'Signed on'],
  awardNumber: ['裁决书编号', 'Award number'],
  summary: ['裁决摘要', 'Summary'],
  infringementFound: ['认定侵权', 'Infringement found'],
  method: ['保全方式', 'Method'],
  evidenceSha256: ['保全证据摘要（每行一个）', 'Digests of the evidence preserved (one a line)'],
  certificateNumber: ['公证书编号', 'Certificate number'],
  approvedBy: ['批准人', 'Approved by'],
  decisionNumber: ['决定书编号', 'Decision number'],
  infringementEstablished: ['侵权成立', 'Infringement established'],
  orders: ['处理决定事项（每行一项）', 'Orders (one a line)'],
  consented: ['当事人同意调解', 'The parties consent'],
  text: ['内容', 'Text'],
  evidence: ['证据文件', 'Evidence files'],
  assignee: ['新承办人标识', 'New handler id'],
  contact: ['被投诉人联系方式（用于发送邀请码）', 'Respondent contact (the code is sent there)'],
  phone: ['手机号码', 'Mobile phone'],
  email: ['电子邮箱', 'E-mail'],
  language: ['通知语言', 'Language of notices'],
  party: ['签署方', 'Signed by'],
  days: ['延长天数', 'Days'],
  respondentConsent: ['被投诉人同意延长', 'The respondent consents'],
  // The same key read differently in one action's form.
  'respond_consent.consented': ['我方同意调解', 'We agree to mediation'],
  'record_offline_signature.reference': ['纸质签署记录编号', 'Reference of the paper record'],
  'submit_statement.text': ['答辩意见', 'Statement of defence'],
  'counter_notice.text': ['不侵权声明及理由', 'Why the product or listing does not infringe'],
};

/** A field's label; `action` picks that action's own wording of the key where it has one. */
export function fieldName(key: string, action?: string): string {
  const entry = (action ? FIELDS[`${action}.${key}`] : undefined) ?? FIELDS[key];
  return entry ? (current === 'en' ? entry[1] : entry[0]) : key;
}

export function nameOf(value: string | null | undefined): string {
  if (value === null || value === undefined) return t('none');
  const entry = NAMES[value];
  return entry ? (current === 'en' ? entry[1] : entry[0]) : value;
}

/** The separator between a label and its value: a full-width colon in Chinese. */
export function colon(): string {
  return current === 'en' ? ': ' : '：';
}

/** A timestamp as China Standard Time reads it, e.g. `2026-11-25 18:30`. */
export function cstTime(iso: string | null | undefined): string {
  if (!iso) return t('none');
  const at = new Date(iso);
  if (!Number.isFinite(at.getTime())) return iso;
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}${current === 'en' ? ' CST' : ''}`;
}

/** Today's date in China Standard Time (the day the server validates against). */
export function cstToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
