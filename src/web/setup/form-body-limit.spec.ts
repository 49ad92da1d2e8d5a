import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, MaxLength, ValidateNested } from 'class-validator';
import { isLength } from 'validator';
import { FIELD_ALLOWANCE_BYTES, FORM_ALLOWANCE_BYTES, FORM_BODY_CEILING_BYTES, formBodyLimitBytes, WORST_BYTES_PER_CHARACTER, worstCaseFormBytes } from './form-body-limit';

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

describe('form body limit', () => {
  it('counts each field at its MaxLength in the worst-encoded character, nested DTOs and arrays included', () => {
    expect(worstCaseFormBytes(Form)).toBe(FIELD_ALLOWANCE_BYTES + 100 * WORST_BYTES_PER_CHARACTER + FIELD_ALLOWANCE_BYTES + 3 * (FIELD_ALLOWANCE_BYTES + 10 * WORST_BYTES_PER_CHARACTER));
    expect(formBodyLimitBytes([Line, Form])).toBe(worstCaseFormBytes(Form) + FORM_ALLOWANCE_BYTES);
  });

  it.each([
    ['an emoji with a variation selector (the worst)', '😀\uFE0F', 21],
    ['an emoji', '😀', 12],
    ['Arabic', 'ع', 6],
    ['a line break as a browser sends it', '\r\n', 3],
  ])('bounds the bytes of each character MaxLength counts: %s', (_name, character, bytesPerCounted) => {
    const text = character.repeat(50);
    const counted = [...Array(1000).keys()].find((n) => isLength(text, { max: n }))!;
    expect(encodeURIComponent(text).length / counted).toBe(bytesPerCounted);
    expect(bytesPerCounted).toBeLessThanOrEqual(WORST_BYTES_PER_CHARACTER);
  });

  it('refuses, at start-up, a form that would need more than the ceiling', () => {
    class Huge {
      @MaxLength(Math.ceil(FORM_BODY_CEILING_BYTES / WORST_BYTES_PER_CHARACTER))
      text!: string;
    }
    expect(() => formBodyLimitBytes([Huge])).toThrow(/more than the/);
  });
});
