// Converts every .html file under IN to Markdown under OUT with turndown,
// in one Node process (for bench/convert.sh). Prints the conversion time
// without Node's start-up.
const fs = require('fs');
const path = require('path');
const TurndownService = require('turndown');

const [input, output] = process.argv.slice(2);
const service = new TurndownService({ headingStyle: 'atx' });

function pages(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pages(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

const started = process.hrtime.bigint();
let count = 0;
for (const page of pages(input)) {
  const markdown = service.turndown(fs.readFileSync(page, 'utf8'));
  const target = path.join(output, path.relative(input, page)).replace(/\.html$/, '.md');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, markdown);
  count += 1;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`turndown: ${count} pages in ${seconds.toFixed(3)} s without start-up`);
