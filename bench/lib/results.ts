import { writeFileSync } from 'node:fs';

/** One measured figure, with its target where the issue sets one. */
export interface Figure {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. '≤ 2 ms' — shown as written. */
  target?: string;
  /** Whether the target is met; undefined where there is no target. */
  met?: boolean;
  note?: string;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

/** A table cell: a `|` in the text would end the cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

export function toMarkdown(figures: readonly Figure[], header: string): string {
  const lines = [
    header,
    '',
    '| group | figure | value | target | met | note |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${cell(f.group)} | ${cell(f.name)} | ${formatValue(f.value)} ${f.unit} | ${cell(
          f.target ?? '',
        )} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} | ${cell(f.note ?? '')} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}

/** Written as Prettier would format it, so `npm run lint` (prettier --check .) stays green. */
export async function writeResults(path: string, markdown: string): Promise<void> {
  const { format } = await import('prettier');
  writeFileSync(path, await format(markdown, { parser: 'markdown', filepath: path }));
}
