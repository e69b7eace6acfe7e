/**
 * Cell readers for imports. Numbers are plain decimal integers only: `1e3`, `0x10`, `1,000` and
 * `1.5` are refused rather than read as something the person did not write.
 */
export function integerCell(text: string): number | string {
  const t = text.trim();
  if (!/^[+-]?\d{1,15}$/.test(t)) {
    if (/^[+-]?\d+(\.\d+)?e[+-]?\d+$/i.test(t)) return `"${t}" is in exponent notation; write the number out in plain digits`;
    if (/^0x/i.test(t)) return `"${t}" is hexadecimal; write a plain decimal number`;
    if (/^[+-]?\d{1,3}([,. ']\d{3})+$/.test(t)) return `"${t}" has a thousands separator; write the digits only`;
    if (/^[+-]?\d+[.,]\d+$/.test(t)) return `"${t}" is not a whole number`;
    return t === '' ? 'is empty; a whole number is required' : `"${t}" is not a whole number`;
  }
  return Number(t);
}

/** The text of a cell, or undefined when it is empty. */
export function textCell(text: string | undefined): string | undefined {
  const t = (text ?? '').trim();
  return t === '' ? undefined : t;
}
