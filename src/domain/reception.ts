// The reception office the holder's page and the letters name: where it is, when it is open and its
// phone number, from LMA_RECEPTION_ADDRESS, LMA_RECEPTION_HOURS and LMA_RECEPTION_PHONE (one line
// each, printed as they are), or the defaults.

import { hasControlCharacter } from './control-characters.ts';

export interface Reception {
  address: string;
  hours: string;
  phone: string;
}

export const DEFAULT_RECEPTION: Reception = {
  address: 'Migrationsverket, Mottagningsenheten, Vikingagatan 18, 113 42 Stockholm',
  hours: 'Måndag–fredag 09.00–15.00',
  phone: '0771-235 235',
};

/** The reception from the environment; a value that is empty, too long or has a control character falls back. */
export function receptionFromEnv(env: Readonly<Record<string, string | undefined>>): Reception {
  const line = (v: string | undefined) => {
    const text = v?.trim().slice(0, 200);
    return text && !hasControlCharacter(text) ? text : null;
  };
  return {
    address: line(env.LMA_RECEPTION_ADDRESS) ?? DEFAULT_RECEPTION.address,
    hours: line(env.LMA_RECEPTION_HOURS) ?? DEFAULT_RECEPTION.hours,
    phone: line(env.LMA_RECEPTION_PHONE) ?? DEFAULT_RECEPTION.phone,
  };
}
