import { neutraliseCsvFormula } from './csv-formula';

describe(neutraliseCsvFormula.name, () => {
  it.each([
    ['=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('prefixes %j with a single quote', (value, written) => {
    expect(neutraliseCsvFormula(value)).toBe(written);
  });

  it.each(['Home visit', ' =1+1', '1+1', "'already quoted", '', 'a=b'])('leaves %j as it is', (value) => {
    expect(neutraliseCsvFormula(value)).toBe(value);
  });
});
