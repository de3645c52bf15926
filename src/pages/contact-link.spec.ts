import { contactView } from './contact-link';

describe('contactView', () => {
  it('dials the digits of a phone number', () => {
    expect(contactView('phone', '0120-000-000')).toEqual({ text: '0120-000-000', href: 'tel:0120000000', known: true });
    expect(contactView('phone', '(03) 1234-5678').href).toBe('tel:0312345678');
    expect(contactView('phone', '189').href).toBe('tel:189');
  });

  it('links e-mail and http(s) addresses, and nothing else', () => {
    expect(contactView('email', 'soudan@example.jp').href).toBe('mailto:soudan@example.jp');
    expect(contactView('website', 'https://example.jp/soudan').href).toBe('https://example.jp/soudan');
    expect(contactView('web_form', 'javascript:alert(1)').href).toBeNull();
    expect(contactView('fax', '03-1234-5678').href).toBeNull();
    expect(contactView('in_person', '札幌市中央区北1条西2丁目').href).toBeNull();
  });

  it('says plainly when the contact is not known', () => {
    expect(contactView('phone', '')).toEqual({ text: '連絡先未確認', href: null, known: false });
  });
});
