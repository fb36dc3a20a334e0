// CSV cells are safe to open in a spreadsheet: text that would run as a formula is defused.
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../api/cli/format.ts';

describe('csvCell(v)', () => {
  it('defuses text a spreadsheet would run as a formula, quotes when needed, leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('qinhuai-2021')).toBe('qinhuai-2021');
    expect(csvCell(NaN)).toBe('');
  });
});
