/**
 * Pack label barcodes: `P` + 10-digit serial + 1 check digit (GS1 mod-10), e.g. serial 1234 → P00000012348.
 * The check digit catches a mistyped code at a station before any query runs.
 */
export const PACK_BARCODE = /^P\d{11}$/;

export function mod10CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10;
}

/** The barcode of a serial 0 … 9 999 999 999; anything else is a bug, never a silently longer code. */
export function packBarcode(serial: number | bigint): string {
  if (
    typeof serial === 'number'
      ? !Number.isSafeInteger(serial) || serial < 0 || serial > 9_999_999_999
      : serial < 0n || serial > 9_999_999_999n
  ) {
    throw new RangeError(`pack barcode serial out of range: ${serial}`);
  }
  const digits = String(serial).padStart(10, '0');
  return `P${digits}${mod10CheckDigit(digits)}`;
}

export function isValidPackBarcode(code: string): boolean {
  return PACK_BARCODE.test(code) && mod10CheckDigit(code.slice(1, 11)) === Number(code[11]);
}
