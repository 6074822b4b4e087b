/** How every command writes money: per hour to a hundredth of a cent, per month to the cent. */

/** `$0.0163` */
export const formatHourly = (usd: number): string => `$${usd.toFixed(4)}`;
/** `$11.90` */
export const formatMonthly = (usd: number): string => `$${usd.toFixed(2)}`;
