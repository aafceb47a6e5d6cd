import { Socket } from 'node:net';
import { DomainError } from '../common/errors/domain-error.js';
import type { LabelPrinter } from '../config/config.js';

/**
 * Sends a ZPL stream to a Zebra printer the way its own tools do: a raw TCP connection to its
 * port (9100), the bytes, and a clean close. The print counts only once the printer took every
 * byte; a printer that cannot be reached within `timeoutMs` is refused with PRINTER_UNREACHABLE
 * (and the caller's transaction rolls back, so nothing is recorded as printed).
 */
export function sendToPrinter(printer: LabelPrinter, data: Buffer, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let settled = false;
    const fail = (why: string | { zh: string; en: string }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new DomainError('PRINTER_UNREACHABLE', { printer: printer.name, why }));
    };
    socket.setTimeout(timeoutMs, () => fail({ zh: '连接超时', en: 'timed out' }));
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? { zh: '网络错误', en: e.message }));
    socket.connect(printer.port, printer.host, () => {
      socket.end(data, () => {
        if (settled) return;
        settled = true;
        socket.destroy();
        resolve();
      });
    });
  });
}
