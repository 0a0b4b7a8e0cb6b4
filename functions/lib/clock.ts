// The functions' clock: the only place handlers learn the time; the domain gets it as a parameter.

export function now(): Date {
  return new Date();
}
