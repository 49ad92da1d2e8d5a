import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, MaxLength, ValidateNested } from 'class-validator';
import { isLength } from 'validator';
import { BODY_ALLOWANCE_BYTES, BODY_CEILING_BYTES, bodyLimitBytes, FIELD_ALLOWANCE_BYTES, FORM_BYTES_PER_CHARACTER, ITEM_ALLOWANCE_BYTES, JSON_BYTES_PER_CHARACTER, worstCaseBodyBytes } from './body-limits';

class Line {
  @MaxLength(10)
  text!: string;
}

class Form {
  @MaxLength(100)
  note!: string;

  @IsBoolean()
  tick!: boolean;

  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];
}

/** JSON as a client escaping everything beyond ASCII writes it (Python's json.dumps by default). */
const asciiJson = (text: string) => JSON.stringify(text).replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('body limits', () => {
  it('counts each field at its MaxLength in the worst-encoded character, nested DTOs and arrays included', () => {
    for (const perCharacter of [FORM_BYTES_PER_CHARACTER, JSON_BYTES_PER_CHARACTER]) {
      const field = (text: number) => FIELD_ALLOWANCE_BYTES + ITEM_ALLOWANCE_BYTES + text * perCharacter;
      const line = field(10);
      expect(worstCaseBodyBytes(Form, perCharacter)).toBe(field(100) + field(0) + FIELD_ALLOWANCE_BYTES + 3 * line);
      expect(bodyLimitBytes([Line, Form], perCharacter)).toBe(worstCaseBodyBytes(Form, perCharacter) + BODY_ALLOWANCE_BYTES);
    }
  });

  it.each([
    ['an emoji with a variation selector (the worst)', '😀\uFE0F', 21, 18],
    ['an emoji', '😀', 12, 12],
    ['Arabic', 'ع', 6, 6],
    ['a line break as a browser sends it', '\r\n', 3, 2],
  ])('bounds the bytes of each character MaxLength counts: %s', (_name, character, formBytes, jsonBytes) => {
    const text = character.repeat(50);
    const counted = [...Array(1000).keys()].find((n) => isLength(text, { max: n }))!;
    expect(encodeURIComponent(text).length / counted).toBe(formBytes);
    expect((asciiJson(text).length - 2) / counted).toBe(jsonBytes);
    expect(formBytes).toBeLessThanOrEqual(FORM_BYTES_PER_CHARACTER);
    expect(jsonBytes).toBeLessThanOrEqual(JSON_BYTES_PER_CHARACTER);
  });

  it('refuses, at start-up, a body that would need more than the ceiling', () => {
    class Huge {
      @MaxLength(Math.ceil(BODY_CEILING_BYTES / FORM_BYTES_PER_CHARACTER))
      text!: string;
    }
    expect(() => bodyLimitBytes([Huge], FORM_BYTES_PER_CHARACTER)).toThrow(/more than the/);
  });
});
