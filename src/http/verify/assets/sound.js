// Till mode's sound: distinct for valid and not valid.

let audio = null;
export function beep(kind) {
  try {
    audio ??= new AudioContext();
  } catch {
    return;
  }
  const tones =
    kind === 'valid'
      ? [
          [880, 0, 0.12, 'sine'],
          [1320, 0.16, 0.14, 'sine'],
        ]
      : kind === 'not_valid'
        ? [[196, 0, 0.7, 'square']]
        : [
            [440, 0, 0.15, 'triangle'],
            [440, 0.25, 0.15, 'triangle'],
          ];
  for (const [frequency, at, duration, type] of tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = type;
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + at);
    oscillator.stop(audio.currentTime + at + duration);
  }
}
