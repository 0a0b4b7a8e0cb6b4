// The matter and the right of an enforcement case an officer opens (SPEC §12), on its own page or
// from an inspection's result: only the matters of the officer's agency are offered, a matter brings
// its own kind of right, and the plant variety domains offered follow the matter and the agency.

import {
  agencyOfMatter,
  ENFORCEMENT_MATTERS,
  MATTER_OF_RIGHT,
  PLANT_VARIETY_DOMAINS,
  type Agency,
  type EnforcementMatter,
  type PlantVarietyDomain,
} from '#domain/agencies.ts';
import { PATENT_TYPES, RIGHT_KINDS, type RightKind } from '#domain/model.ts';
import { clear, h } from './dom.ts';
import { type FieldSet, fieldValue, input, select } from './form.ts';
import { matterName, nameOf, t, type TextKey } from './i18n.ts';

const DOMAIN_LABELS: Record<PlantVarietyDomain, TextKey> = { agriculture: 'pvdAgriculture', forestry: 'pvdForestry' };

/** The matters an agency investigates: a plant variety is agriculture's or forestry's by its domain. */
export function mattersOf(agency: Agency): EnforcementMatter[] {
  return ENFORCEMENT_MATTERS.filter((m) => [undefined, ...PLANT_VARIETY_DOMAINS].some((d) => agencyOfMatter(m, d) === agency));
}

/** The plant variety domains a case of this matter may state for this agency (any, when the domain does not decide the agency). */
function domainsOf(matter: string, agency: Agency): PlantVarietyDomain[] {
  return matter === 'plant_variety'
    ? PLANT_VARIETY_DOMAINS.filter((d) => agencyOfMatter('plant_variety', d) === agency)
    : [...PLANT_VARIETY_DOMAINS];
}

/** The agency's matters to choose from; its one matter (copyright, a plant variety) is chosen already. */
export function matterSelect(agency: Agency, attrs: Record<string, string> = {}): HTMLSelectElement {
  const matters = mattersOf(agency);
  return select(
    [...(matters.length > 1 ? [{ value: '', label: t('choose') }] : []), ...matters.map((m) => ({ value: m, label: matterName(m) }))],
    attrs,
  );
}

export interface RightFieldsOptions {
  fs: FieldSet;
  /** The matter's select: choosing a matter chooses its kind of right and the domains offered. */
  matter: HTMLSelectElement;
  agency: Agency;
  /** Put before each field's path (`right.kind`, `plantVarietyDomain`), where the case sits inside a larger body. */
  pathPrefix?: string;
  /** Gives each control a `name`. */
  named?: boolean;
  domainHint?: string;
}

export interface RightFields {
  /** In order: the kind, the patent type, the plant variety domain, the number, the title, the holder. */
  fields: HTMLElement[];
  /** The right as the body states it (the patent type of a patent only). */
  right(): { kind: string; number: string; title: string; holder: string; patentType: string | undefined };
  /** The domain chosen for a plant variety right; otherwise nothing. */
  plantVarietyDomain(): string | undefined;
}

/** The right's fields, each shown only where it applies, following the matter chosen. */
export function rightFields(options: RightFieldsOptions): RightFields {
  const { fs, matter, agency } = options;
  const path = (p: string): string => `${options.pathPrefix ?? ''}${p}`;
  const name = (n: string): string | undefined => (options.named ? n : undefined);

  const kind = select(
    RIGHT_KINDS.map((k) => ({ value: k, label: nameOf(k) })),
    { name: name('rightKind') },
  );
  const patentType = select([{ value: '', label: t('choose') }, ...PATENT_TYPES.map((p) => ({ value: p, label: nameOf(p) }))], {
    name: name('patentType'),
  });
  const domain = select([], { name: name('plantVarietyDomain') });
  const number = input({ name: name('rightNumber'), autocomplete: 'off', spellcheck: 'false' });
  const title = input({ name: name('rightTitle'), maxlength: 200 });
  const holder = input({ name: name('rightHolder'), maxlength: 200 });
  const patentTypeWrap = fs.field({ path: path('right.patentType'), label: t('patentType'), required: true, control: patentType });
  const domainWrap = fs.field({
    path: path('plantVarietyDomain'),
    label: t('plantVarietyDomain'),
    hint: options.domainHint,
    control: domain,
  });

  const fillDomains = () => {
    const chosen = domain.value;
    const allowed = domainsOf(matter.value, agency);
    clear(domain);
    // A plant variety investigated as such must say whose it is; otherwise the domain is only informative.
    if (matter.value !== 'plant_variety') domain.append(h('option', { value: '' }, t('pvdUnstated')));
    for (const d of allowed) domain.append(h('option', { value: d }, t(DOMAIN_LABELS[d])));
    if ([...domain.options].some((o) => o.value === chosen)) domain.value = chosen;
  };
  const showRightFields = () => {
    patentTypeWrap.hidden = kind.value !== 'patent';
    domainWrap.hidden = kind.value !== 'plant_variety';
  };
  // A matter brings its own kind of right (a trademark for counterfeiting); illegal agency conduct may concern any.
  const followMatter = () => {
    const m = matter.value as EnforcementMatter | '';
    if (m && m !== 'illegal_agency' && MATTER_OF_RIGHT[kind.value as RightKind] !== m) {
      const fitting = RIGHT_KINDS.find((k) => MATTER_OF_RIGHT[k] === m);
      if (fitting) kind.value = fitting;
    }
    fillDomains();
    showRightFields();
  };
  matter.addEventListener('change', followMatter);
  kind.addEventListener('change', showRightFields);
  followMatter();

  return {
    fields: [
      fs.field({ path: path('right.kind'), label: t('rightKind'), required: true, control: kind }),
      patentTypeWrap,
      domainWrap,
      fs.field({ path: path('right.number'), label: t('rightNumber'), hint: t('rightNumberHint'), required: true, control: number }),
      fs.field({ path: path('right.title'), label: t('rightTitle'), required: true, control: title }),
      fs.field({ path: path('right.holder'), label: t('rightHolder'), required: true, control: holder }),
    ],
    right: () => ({
      kind: kind.value,
      number: number.value,
      title: title.value,
      holder: holder.value,
      patentType: kind.value === 'patent' ? fieldValue(patentType) : undefined,
    }),
    plantVarietyDomain: () => (kind.value === 'plant_variety' ? domain.value || undefined : undefined),
  };
}
