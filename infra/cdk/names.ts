// Construct ids and output names derived from topology names, in one place: a CDK logical id is
// derived from these, and changing one replaces the resource (for the table: loses the data).

/** `administrative_adjudication` → `AdministrativeAdjudication`, `getCase` → `GetCase`. */
export function pascal(name: string): string {
  return name
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export const dlqId = (queueId: string): string => `${queueId}-dlq`;
