// run.js: Mozilla Readability.js (on jsdom), the peer baonoi's extraction is measured against,
// on each page given. For each page it times parsing and extraction together inside this one
// process (start-up excluded) over RUNS runs, prints "PAGE<TAB>median ms", and writes what
// Readability returned (title, byline, lang, publishedTime, content HTML) as JSON to
// OUTDIR/<index>.json; last, "median<TAB>ms" over the pages. Benchmark-only: never a
// dependency of baonoi. Usage: node run.js RUNS OUTDIR PAGE...
"use strict";
const fs = require("fs");
const path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function extract(html) {
  // A console of its own keeps jsdom's CSS complaints off the report; no scripts run.
  const dom = new JSDOM(html, { url: "http://fakehost/test/page.html",
                                virtualConsole: new VirtualConsole() });
  try {
    return new Readability(dom.window.document).parse();
  } finally {
    dom.window.close(); // else every page's window stays alive and the heap runs out
  }
}

function main() {
  const [runs, outdir, ...pages] = process.argv.slice(2);
  const medians = [];
  pages.forEach((page, i) => {
    const html = fs.readFileSync(page, "utf8");
    const times = [];
    let article = null;
    for (let r = 0; r < Number(runs); r++) {
      const t0 = process.hrtime.bigint();
      try {
        article = extract(html);
      } catch (e) {
        article = null;
        console.error(`${page}: ${e.message}`);
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const m = median(times);
    medians.push(m);
    const a = article || {};
    fs.writeFileSync(path.join(outdir, `${i}.json`), JSON.stringify({
      title: a.title || null, byline: a.byline || null, lang: a.lang || null,
      publishedTime: a.publishedTime || null, content: a.content || "" }));
    console.log(`${page}\t${m.toFixed(3)}`);
  });
  console.log(`median\t${median(medians).toFixed(3)}`);
}

main();
