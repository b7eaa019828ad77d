// A phone number as people write it ("0771-235 235", "010-485 60 00") made into a tel: address a
// phone dials from any SIM: the digits only, a Swedish trunk 0 turned into +46 (RFC 3966's global form).
// The verifier app keeps a browser copy, telHref in src/http/verify/assets/guidance.js.

export function telHref(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  return `tel:${digits.startsWith('0') ? `+46${digits.slice(1)}` : digits}`;
}
