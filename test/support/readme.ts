import { readFileSync } from 'node:fs';

/**
 * The fenced code blocks of the README in `language`, in order: tests run what the README shows, as
 * written, so that a snippet that stops working fails the suite.
 */
export function readmeBlocks(language: string): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...readme.matchAll(fence)].map((match) => match[1]!);
}

/** Replaces each placeholder, which must occur in `text`: a snippet that no longer has one fails loudly. */
export function fillIn(text: string, replacements: Record<string, string>): string {
  let filled = text;
  for (const [placeholder, value] of Object.entries(replacements)) {
    if (!filled.includes(placeholder)) throw new Error(`the README snippet no longer has ${placeholder}`);
    filled = filled.replaceAll(placeholder, value);
  }
  return filled;
}
