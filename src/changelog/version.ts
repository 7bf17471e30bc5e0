/**
 * Version labels of changelog headings: SemVer 2.0.0 (`1.2.3`, `1.2.3-rc.1+build`), an
 * optional `v`, and shorter dotted numbers (`1.2`, `2024.1`) that some projects use.
 */

/** A version label the changelog parser accepts. */
export const VERSION_LABEL = /^v?\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The comparable identity of a version label: no `v`, no build metadata, lower case. */
export function versionKey(label: string): string {
  return label.trim().replace(/^v(?=\d)/i, '').replace(/\+.*$/, '').toLowerCase();
}

/**
 * Compares two version labels by SemVer precedence (missing numbers count as 0, a
 * pre-release sorts before its release). Returns undefined when either is not a version.
 */
export function compareVersions(a: string, b: string): number | undefined {
  if (!VERSION_LABEL.test(a) || !VERSION_LABEL.test(b)) return undefined;
  const [coreA, preA] = splitVersion(versionKey(a));
  const [coreB, preB] = splitVersion(versionKey(b));
  for (let i = 0; i < Math.max(coreA.length, coreB.length); i++) {
    const diff = (coreA[i] ?? 0) - (coreB[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  const idsA = preA.split('.');
  const idsB = preB.split('.');
  for (let i = 0; i < Math.max(idsA.length, idsB.length); i++) {
    const x = idsA[i];
    const y = idsB[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return Math.sign(diff);
    } else if (nx !== ny) {
      return nx ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function splitVersion(key: string): [number[], string | undefined] {
  const dash = key.indexOf('-');
  const core = dash === -1 ? key : key.slice(0, dash);
  return [core.split('.').map(Number), dash === -1 ? undefined : key.slice(dash + 1)];
}

/** True for an ISO 8601 calendar date `YYYY-MM-DD` that exists (leap years included). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The ISO form of a date written another common way (`2024/1/31`, `31.01.2024`,
 * `Jan 31, 2024`, `31 January 2024`), or undefined when it cannot be read unambiguously
 * or is not a real date.
 */
export function toIsoDate(text: string): string | undefined {
  const t = text.trim().replace(/^\((.*)\)$/, '$1').replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t))) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^([A-Za-z]{3,})\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/.exec(t))) [mo, d, y] = [monthNumber(m[1] as string), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,})\.? (\d{4})$/.exec(t))) [d, mo, y] = [Number(m[1]), monthNumber(m[2] as string), Number(m[3])];
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

function monthNumber(name: string): number | undefined {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i === -1 ? undefined : i + 1;
}
