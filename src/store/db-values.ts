// How values come back from either database: int8 as a number, a date as 'YYYY-MM-DD', an instant
// as an ISO string (UTC).

export const OID_INT8 = 20;
export const OID_DATE = 1082;
export const OID_TIMESTAMPTZ = 1184;

export const toIso = (value: string): string => new Date(value).toISOString();
