/**
 * Swedish organisationsnummer: ten digits NNNNNN-NNNN whose last digit is a
 * Luhn checksum. The third digit is 2 or more for legal entities, which keeps
 * personnummer (sole traders) out: Samverka registers organisations, not people.
 * Accepts "NNNNNNNNNN", "NNNNNN-NNNN" and the 12-digit "16NNNNNNNNNN" form.
 */
export type OrgNumberResult = { ok: true; value: string } | { ok: false; reason: 'format' | 'checksum' | 'not-organization' };

export function parseOrganizationNumber(input: string): OrgNumberResult {
  let digits = input.trim().replace(/[\s-]/g, '');
  if (/^16\d{10}$/.test(digits)) digits = digits.slice(2);
  if (!/^\d{10}$/.test(digits)) return { ok: false, reason: 'format' };
  if (Number(digits[2]) < 2) return { ok: false, reason: 'not-organization' };
  if (luhnCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return { ok: false, reason: 'checksum' };
  return { ok: true, value: `${digits.slice(0, 6)}-${digits.slice(6)}` };
}

function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let n = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (n > 9) n -= 9;
    sum += n;
  }
  return (10 - (sum % 10)) % 10;
}
