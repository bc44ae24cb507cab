import { api } from '../api.js';
import type { Upload } from './types.js';

/** Pieces of a file sent in one request: small enough to resume cheaply, big enough to be quick. */
const pieceBytes = 8 * 1024 * 1024;

/**
 * Sends a delivery's files piece by piece. After a failed piece it asks the node how much arrived and goes
 * on from there, a few times, before giving up; the node never holds more than a file's declared size.
 */
export async function sendFiles(
  upload: Upload,
  files: readonly File[],
  onSent: (bytes: number) => void,
): Promise<void> {
  let sent = 0;
  for (const file of files) {
    let offset = upload.files.find((f) => f.name === file.name)?.received ?? 0;
    sent += offset;
    let failures = 0;
    while (offset < file.size) {
      const piece = file.slice(offset, Math.min(file.size, offset + pieceBytes));
      try {
        const { received } = await api.sendDeliveryPiece(upload.id, file.name, offset, piece);
        sent += received - offset;
        offset = received;
        failures = 0;
        onSent(sent);
      } catch (error) {
        failures += 1;
        if (failures > 3) throw error;
        const now = await api.delivery(upload.id);
        const held = now.files.find((f) => f.name === file.name)?.received ?? offset;
        sent += held - offset;
        offset = held;
      }
    }
  }
}
