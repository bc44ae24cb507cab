import { describe, expect, it } from 'vitest';
import { checkFile } from './check-file.js';
import { countsFile, messages, png, settings, textFile } from './test-support.js';

const pngFile = (bytes: Uint8Array, name = 'chart.png') => ({
  name,
  bytes,
  context: { description: 'HbA1c by age band, bar chart' },
});

describe('what kind of file it is, by name and by content', () => {
  it('sends a real PNG chart to a person, saying why and what the image carries', () => {
    const v = checkFile(pngFile(png(640, 480, { Software: 'matplotlib version 3.6' })), settings);
    expect(v.status).toBe('review');
    expect(v.type).toBe('png');
    expect(messages(v)).toEqual([
      'a chart (640 × 480 pixels) cannot be checked automatically: a person must look at it, and at the counts behind it',
      'the image carries text (Software): a person should read it too',
    ]);
  });

  it('fails a file that only pretends to be a PNG', () => {
    const v = checkFile(pngFile(new TextEncoder().encode('age_band,n\n20-29,3\n')), settings);
    expect(v.status).toBe('fail');
    expect(v.type).toBeNull();
    expect(messages(v)).toEqual(['the file is named .png but its first bytes are not the PNG signature']);
  });

  it('says what a misnamed binary file really is', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(messages(checkFile(pngFile(zip), settings))).toEqual([
      'the file is named .png but its first bytes are not the PNG signature; its content is a ZIP archive (an Excel or Word file is one)',
    ]);
    expect(messages(checkFile({ ...pngFile(zip), name: 'table.csv' }, settings))).toEqual([
      'the file is named .csv but its content is a ZIP archive (an Excel or Word file is one), not text',
    ]);
  });

  it('fails a PNG with data hidden after the image, or cut short', () => {
    const image = png();
    const smuggled = new Uint8Array([...image, ...new TextEncoder().encode('person_id,diagnosis\n17,E11\n')]);
    expect(checkFile(pngFile(smuggled), settings)).toMatchObject({
      status: 'fail',
      reasons: [
        {
          rule: 'content',
          message:
            'the file is named .png but 27 bytes of other data follow the end of the image; a chart must hold only the image',
        },
      ],
    });
    expect(messages(checkFile(pngFile(image.subarray(0, image.length - 20)), settings))[0]).toMatch(
      /^the file is named \.png but the image is cut short/,
    );
  });

  it('fails a type that is not allowed, or a name without a type', () => {
    expect(checkFile(textFile('results.xlsx', 'a'), settings)).toMatchObject({
      status: 'fail',
      reasons: [
        {
          rule: 'file_type',
          message: 'files of type .xlsx are not allowed (allowed types: csv, png, txt, md, json)',
        },
      ],
    });
    expect(messages(checkFile(textFile('results', 'a'), settings))).toEqual([
      'the file name has no extension, so its type is unknown (allowed types: csv, png, txt, md, json)',
    ]);
    const csvOnly = { ...settings, allowedFileTypes: ['csv' as const] };
    expect(messages(checkFile(pngFile(png()), csvOnly))).toEqual([
      'files of type .png are not allowed (allowed types: csv)',
    ]);
  });

  it('fails text that is not UTF-8, or holds binary data', () => {
    const latin1 = new Uint8Array([0x61, 0x67, 0x65, 0x0a, 0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e]);
    expect(messages(checkFile({ ...pngFile(latin1), name: 'notes.txt' }, settings))).toEqual([
      'the file is named .txt but it is not valid UTF-8 text (the first bad byte is at offset 5); save it as UTF-8',
    ]);
    expect(messages(checkFile(textFile('notes.md', 'ok\u0000hidden'), settings))).toEqual([
      'the file is named .md but it holds binary data (a NUL character at character 3)',
    ]);
  });

  it('sends free text and JSON to a person', () => {
    expect(checkFile(textFile('notes.txt', 'Méthodes: régression logistique.'), settings)).toMatchObject({
      status: 'review',
      type: 'txt',
      reasons: [
        { rule: 'manual', message: 'free text cannot be checked automatically: a person must read it' },
      ],
    });
    expect(checkFile(textFile('fit.json', '{"auc": 0.81}'), settings)).toMatchObject({
      status: 'review',
      type: 'json',
    });
  });

  it('fails malformed JSON with what is wrong', () => {
    const v = checkFile(textFile('fit.json', '{"auc": 0.81,\n "n": }'), settings);
    expect(v.status).toBe('fail');
    expect(messages(v)[0]).toMatch(/^the file is not valid JSON: .*Unexpected token/);
    expect(messages(v)[0]).not.toContain('\n');
  });

  it('fails a file that says nothing about what it shows', () => {
    const v = checkFile(textFile('notes.txt', 'text', undefined, { description: '  ' }), settings);
    expect(v.status).toBe('fail');
    expect(messages(v)).toContain(
      'the context does not say what the file shows: describe it for the output checker',
    );
  });
});

describe('size and row caps', () => {
  it('fails a file above the size cap, before reading it', () => {
    const small = { ...settings, maxFileBytes: 1024 };
    const v = checkFile(pngFile(new Uint8Array(1025)), small);
    expect(v).toMatchObject({ status: 'fail', type: null, cells: [] });
    expect(messages(v)).toEqual(['the file is 1 KiB (1,025 bytes), above the cap of 1 KiB (1,024 bytes)']);
    expect(checkFile(textFile('notes.txt', 'x'.repeat(1024)), small).status).toBe('review');
  });

  it('fails an empty file', () => {
    expect(messages(checkFile(textFile('t.csv', ''), settings))).toEqual(['the file is empty']);
  });

  it('fails a table with more rows than allowed, and passes one at the cap', () => {
    const counts = Array.from({ length: 5001 }, () => 20);
    const over = checkFile(countsFile(counts), settings);
    expect(over.status).toBe('fail');
    expect(over.cells).toEqual([]);
    expect(messages(over)).toContain(
      'the table has 5,001 rows, above the maximum of 5,000; its cells were not checked',
    );
    expect(checkFile(countsFile(counts.slice(1)), settings).status).toBe('pass');
  });
});

describe('malformed CSV', () => {
  it('names the line of a row with too many fields', () => {
    const v = checkFile(textFile('t.csv', 'age_band,n\n20-29,12\n30-39,1,234\n40-49,15\n'), settings);
    expect(v.status).toBe('fail');
    expect(messages(v)).toEqual([
      'the file is not a well-formed CSV table: line 3: the row has 3 fields but the header has 2 (is a value with a delimiter in it not quoted?)',
    ]);
  });

  it('names the line where an unclosed quote opens, not where the file ends', () => {
    const v = checkFile(
      textFile('t.csv', 'age_band,n\n20-29,12\n\n"30-39,15\n40-49,15\n50-59,15\n'),
      settings,
    );
    expect(messages(v)).toEqual([
      'the file is not a well-formed CSV table: line 4: a quoted field is opened here and never closed',
    ]);
  });

  it('names the line of text after a closing quote', () => {
    const v = checkFile(textFile('t.csv', 'age_band,n\n"20-29"x,12\n'), settings);
    expect(messages(v)).toEqual([
      'the file is not a well-formed CSV table: line 2: a quoted field is followed by other characters before the next delimiter',
    ]);
  });

  it('refuses a header with the same column twice', () => {
    expect(messages(checkFile(textFile('t.csv', 'n,n\n12,13\n'), settings))).toEqual([
      'the file is not a well-formed CSV table: line 1: the column name "n" appears twice (columns 1 and 2); column names must be unique',
    ]);
  });
});

describe('model summaries', () => {
  const model = (residualDf: number) =>
    textFile('model.txt', 'coef  se\nage 0.03 0.01\n', { kind: 'model', residualDf });

  it('pass with 10 residual degrees of freedom and fail with 9', () => {
    expect(checkFile(model(10), settings)).toMatchObject({
      status: 'pass',
      reasons: [
        { rule: 'residual_df', status: 'pass', message: 'residual degrees of freedom 10: at least 10' },
      ],
    });
    expect(checkFile(model(9), settings)).toMatchObject({
      status: 'fail',
      reasons: [
        {
          rule: 'residual_df',
          status: 'fail',
          message: 'residual degrees of freedom 9: below the minimum of 10',
        },
      ],
    });
  });

  it('work the degrees of freedom out from observations and parameters, in a CSV too', () => {
    const v = checkFile(
      textFile('coefficients.csv', 'term,estimate\nage,0.03\n', {
        kind: 'model',
        observations: 14,
        parameters: 5,
      }),
      settings,
    );
    expect(v.status).toBe('fail');
    expect(messages(v)).toEqual([
      'residual degrees of freedom 9 (14 observations less 5 parameters): below the minimum of 10',
    ]);
  });

  it('send a model without its degrees of freedom to a person', () => {
    const v = checkFile(textFile('model.txt', 'coef\n', { kind: 'model' }), settings);
    expect(v.status).toBe('review');
  });
});
