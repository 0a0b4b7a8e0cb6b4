import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskPassportNumber, maskPersonalIds, maskPhone } from '#domain/contact-masking.ts';

describe('a masked phone number', () => {
  it('keeps a mobile’s first three and last four digits', () => {
    expect(maskPhone('13905490549')).toBe('139****0549');
  });

  it('keeps a landline’s area code and the last four digits of the local number, without the extension', () => {
    expect(maskPhone('0915-3212345')).toBe('0915-****2345');
    expect(maskPhone('029-88881234-12')).toBe('029-****1234');
  });

  it('keeps an international number’s plus sign and first three digits', () => {
    expect(maskPhone('+447946095812')).toBe('+447****5812');
  });

  it('hides a number too short to keep seven digits of entirely', () => {
    expect(maskPhone('12345')).toBe('****');
  });
});

describe('a masked e-mail address', () => {
  it('keeps the local part’s first character and the whole domain', () => {
    expect(maskEmail('ip@qinba-tea.example.cn')).toBe('i***@qinba-tea.example.cn');
    expect(maskEmail('p@example.cn')).toBe('p***@example.cn');
    expect(maskEmail('张三@例子.中国')).toBe('张***@例子.中国');
  });

  it('hides a value that is not an address entirely', () => {
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});

describe('an address cut to the county', () => {
  it('keeps the province, city and county it starts with, not the street', () => {
    expect(maskAddress('广东省深圳市南山区科技园路 1 号', '610902')).toBe('广东省深圳市南山区');
    expect(maskAddress('安康市汉滨区巴山东路12号', '610902')).toBe('安康市汉滨区');
    expect(maskAddress('北京市朝阳区建国路88号', '610902')).toBe('北京市朝阳区');
    expect(maskAddress('陕西省安康市镇坪县城关镇东大街', '610927')).toBe('陕西省安康市镇坪县');
    expect(maskAddress('湖北省恩施土家族苗族自治州恩施市舞阳大道', '610902')).toBe('湖北省恩施土家族苗族自治州恩施市');
  });

  it('stops at the city when what follows is a town or a street, not a county', () => {
    expect(maskAddress('旬阳市城关镇东门社区', '610981')).toBe('旬阳市');
    expect(maskAddress('安康市巴山东路12号农贸市场', '610902')).toBe('安康市');
  });

  it('keeps a county named without its city', () => {
    expect(maskAddress('汉阴县城关镇和平路8号', '610921')).toBe('汉阴县');
  });

  it('gives the case’s county when the address names neither city nor county', () => {
    expect(maskAddress('巴山东路12号', '610902')).toBe('汉滨区');
    expect(maskAddress('10 Downing Street, London', '610921')).toBe('汉阴县');
    expect(maskAddress('陕西省', '610981')).toBe('旬阳市');
  });
});

describe('masked personal ID numbers (SPEC §9)', () => {
  it('keeps a resident ID’s first four and last four characters', () => {
    expect(maskPersonalIds({ idNumber: '61090219900307124X' })).toEqual({ idNumber: '6109**********124X' });
  });

  it('keeps a passport number’s first two and last two characters and its length, never more than four', () => {
    expect(maskPassportNumber('NW92KD1P3')).toBe('NW*****P3');
    expect(maskPassportNumber('C01X00T47')).toBe('C0*****47');
    expect(maskPassportNumber('A1234567890123456789')).toBe(`A1${'*'.repeat(16)}89`);
  });

  it('hides a passport number shorter than nine characters entirely', () => {
    expect(maskPassportNumber('E1234567')).toBe('********');
    expect(maskPassportNumber('AB123')).toBe('*****');
  });

  it('masks a foreign individual’s passport number and leaves what is not personal', () => {
    const foreignEnterprise: { registrationNumber: string; country: string; passportNumber?: string } = {
      registrationNumber: 'HRB 86891',
      country: 'DE',
    };
    expect({ ...foreignEnterprise, ...maskPersonalIds(foreignEnterprise) }).toEqual(foreignEnterprise);
    expect(maskPersonalIds({ passportNumber: 'NW92KD1P3' })).toEqual({ passportNumber: 'NW*****P3' });
    expect(maskPersonalIds({})).toEqual({});
  });
});
