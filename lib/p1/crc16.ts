/**
 * CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final XOR), the P1 telegram checksum
 * (DSMR 5.0.2 §6.2). Table-driven, one lookup per byte.
 */
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  TABLE[i] = crc;
}

/** CRC-16/ARC of `bytes[start, end)`. */
export function crc16Arc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
  return crc;
}

/** CRC-16/ARC of a string's char codes (each taken as one byte, as the meter sends them). */
export function crc16ArcOfText(text: string): number {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    crc = (crc >>> 8) ^ TABLE[(crc ^ text.charCodeAt(i)) & 0xff];
  }
  return crc;
}

/** The CRC as a P1 telegram sends it: four upper-case hex digits, most significant first. */
export function formatCrc(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, "0");
}
