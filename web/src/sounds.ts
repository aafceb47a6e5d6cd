/**
 * A short, distinct sound for each answer (Web Audio: no sound files). A nurse hears whether a
 * scan went through without looking up: one high beep = done, two low buzzes = refused,
 * a middle double beep = done with a warning.
 */
let ctx: AudioContext | null = null;

function tone(freq: number, start: number, duration: number, type: OscillatorType = 'sine') {
  ctx ??= new AudioContext();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.2, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + duration);
}

export function playResult(kind: 'ok' | 'warning' | 'error'): void {
  try {
    if (kind === 'ok') tone(1320, 0, 0.12);
    else if (kind === 'warning') {
      tone(880, 0, 0.1);
      tone(880, 0.15, 0.1);
    } else {
      tone(220, 0, 0.22, 'square');
      tone(180, 0.28, 0.3, 'square');
    }
  } catch {
    // No audio device (a test browser, a muted PC): the screen still says it.
  }
}
