/**
 * A short two-tone beep from the Web Audio API (no audio file). Browsers keep an AudioContext
 * suspended until the user interacts with the page, so the context is resumed on the first click or
 * key press, and by the toggle that turns the sound on.
 */
const KEY = 'dossier-flow.alert-sound';

let ctx: AudioContext | undefined;

function context(): AudioContext | undefined {
  if (ctx) return ctx;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return undefined;
  ctx = new Ctor();
  const unlock = () => void ctx?.resume().catch(() => undefined);
  window.addEventListener('pointerdown', unlock, { once: true });
  window.addEventListener('keydown', unlock, { once: true });
  return ctx;
}

export function soundEnabled(): boolean {
  return localStorage.getItem(KEY) === 'on';
}

export function setSoundEnabled(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off');
  // Called from the toggle's click: a user gesture, so the context may start now.
  if (on) void context()?.resume().catch(() => undefined);
}

/** Plays the alert beep when the sound is on; counts what it played (read by the browser test). */
export function beep(): void {
  if (!soundEnabled()) return;
  try {
    play();
  } catch {
    return; // no audio output: the alert still shows on the board
  }
  document.documentElement.dataset.alertBeeps = String(Number(document.documentElement.dataset.alertBeeps ?? 0) + 1);
}

function play(): void {
  const ac = context();
  if (!ac) throw new Error('no Web Audio');
  void ac.resume().catch(() => undefined);
  const start = ac.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.18, 660]] as const) {
    const osc = ac.createOscillator();
    const gain = ac.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    // A quick attack and decay: no click at the start or end of the tone.
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    osc.connect(gain).connect(ac.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.17);
  }
}
