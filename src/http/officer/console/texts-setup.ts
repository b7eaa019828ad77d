// The console's words for the first-run setup link: Swedish first, English beside each (texts.ts
// joins the catalogue).

export const SETUP_WORDS = {
  setupTitle: ['Välj den första administratören', 'Choose the first administrator'],
  setupIntro: [
    'Det finns ingen administratör än. Välj användarnamn och lösenord för den första. Länken fungerar en gång och i högst {minutes} minuter från att servern startade.',
    'There is no administrator yet. Choose the username and password of the first one. The link works once, and for at most {minutes} minutes from when the server started.',
  ],
  setupCreate: ['Skapa administratören', 'Create the administrator'],
  setupDone: [
    'Administratören {username} är skapad. Länken fungerar inte längre.',
    'The administrator {username} is created. The link no longer works.',
  ],
  setupSignIn: ['Logga in', 'Sign in'],
  setupRefusedTitle: ['Länken fungerar inte', 'This link does not work'],
  setupRefused_used: [
    'Den här länken har redan använts. Logga in med den administratör som skapades, eller be en administratör om ett konto.',
    'This link has already been used. Sign in with the administrator it made, or ask an administrator for an account.',
  ],
  setupRefused_expired: [
    'Den här länken har gått ut. Starta om servern för att få en ny länk (den skrivs ut så länge ingen administratör finns).',
    'This link has expired. Restart the server to get a new one (one is printed as long as no administrator exists).',
  ],
  setupRefused_admin_exists: [
    'Det finns redan en administratör, så länken behövs inte. Logga in, eller be en administratör om ett konto.',
    'An administrator already exists, so the link is not needed. Sign in, or ask an administrator for an account.',
  ],
  setupRefused_unknown: [
    'Den här länken finns inte. Kontrollera att hela länken kom med.',
    'There is no such link. Check that the whole link was copied.',
  ],
} as const satisfies Record<string, readonly [string, string]>;
