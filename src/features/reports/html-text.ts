import { cleanText } from '../../core/domain/clean-text.ts';

/** Text as a pack shows it: cleaned (names from Salesforce, titles typed in a return or an action), then escaped. */
export const esc = (s: string) =>
  cleanText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
