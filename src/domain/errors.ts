// Expected refusals of the domain, as values. The HTTP edge maps each code to a status and a message.

export type DomainErrorCode =
  | 'visit_in_future'
  | 'handover_in_future'
  | 'handover_before_production'
  | 'card_not_produced'
  | 'card_not_ordered'
  | 'card_already_cancelled'
  | 'no_active_card'
  | 'decision_already_revoked'
  | 'at_und_under_16'
  | 'at_und_unchanged'
  | 'biometrics_missing'
  | 'dossier_number_taken'
  | 'guardian_of_unknown'
  | 'guardian_of_self';

export interface DomainError {
  code: DomainErrorCode;
  message: string;
  field?: string;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: DomainError };

export function refuse(
  code: DomainErrorCode,
  message: string,
  field?: string,
): { ok: false; error: DomainError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}
