// The console's words for letters: the letter queue and printing a letter's PDF. Swedish first,
// English beside each (texts.ts joins the catalogue).

export const LETTER_WORDS = {
  navLetters: ['Brevkö', 'Letter queue'],
  letterQueueTitle: ['Brev som väntar på utskrift', 'Letters waiting to be printed'],
  letterQueueEmpty: ['Inga brev väntar på utskrift.', 'No letter is waiting to be printed.'],
  letterByPost: ['Nej, med post', 'No, by post'],
  letterPdf: ['PDF', 'PDF'],
  letterPrint: ['Skriv ut', 'Print'],
  letterPrintHint: [
    'Skriv ut öppnar brevets PDF. Ett brev i kön markeras då som utskrivet, så att brevjobbet inte skriver ut det en gång till.',
    'Print opens the letter’s PDF. A letter in the queue is then marked printed, so the letter job does not print it again.',
  ],
  letterReprintConfirm: [
    'Skriva ut brevet ”Kortet är klart” för kort {number} igen? Brevet får en ny personlig kod, och koden i det tidigare brevet slutar gälla.',
    'Print the “card ready” letter for card {number} again? The letter gets a new personal code, and the code in the earlier letter stops working.',
  ],
  cancelLetterQueued: [
    'Ett brev på {language} som förklarar det ligger i brevkön.',
    'A letter in {language} that explains this is in the letter queue.',
  ],
  cancelLetterPrint: [
    'Skriv ut brevet till sökanden nu ({language})',
    'Print the letter to the holder now ({language})',
  ],
  cancelLetterNote: [
    'Sökanden får ett brev på {language} som säger att kortet är spärrat och att hen inte har något giltigt LMA-kort förrän det nya kortet är utlämnat.',
    'The holder gets a letter in {language} saying the card is cancelled and that they have no valid LMA card until the new card is handed over.',
  ],
  letterReprintYes: ['Skriv ut med ny personlig kod', 'Print with a new personal code'],
} as const satisfies Record<string, readonly [string, string]>;
