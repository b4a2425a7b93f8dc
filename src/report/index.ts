// Output formats by name.
import type { ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { formatText } from './text.ts';
import { formatJson, formatJsonl } from './json.ts';
import { formatSarif } from './sarif.ts';
import { formatMarkdown } from './markdown.ts';

export const FORMATS = ['text', 'json', 'jsonl', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(s: string): Format {
  if ((FORMATS as readonly string[]).includes(s)) return s as Format;
  throw new UsageError(`unknown format ${JSON.stringify(s)}: use one of ${FORMATS.join(', ')}`);
}

export function formatReport(report: ScanReport, format: Format, opts: { color?: boolean } = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, opts.color ?? false);
    case 'json':
      return formatJson(report);
    case 'jsonl':
      return formatJsonl(report);
    case 'sarif':
      return formatSarif(report);
    case 'markdown':
      return formatMarkdown(report);
  }
}
