/**
 * Pack label barcodes: `P` + 10-digit serial + 1 check digit (GS1 mod-10), e.g. P00000012344.
 * The check digit catches a mistyped code at a station before any query runs.
 */
export const PACK_BARCODE = /^P\d{11}$/;

export function mod10CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10;
}

export function packBarcode(serial: number | bigint): string {
  const digits = String(serial).padStart(10, '0');
  return `P${digits}${mod10CheckDigit(digits)}`;
}

export function isValidPackBarcode(code: string): boolean {
  return PACK_BARCODE.test(code) && mod10CheckDigit(code.slice(1, 11)) === Number(code[11]);
}
