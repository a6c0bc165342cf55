// Lighthouse (pinned npm package) against Debian's Chromium: one browser,
// one run per URL given, mobile profile (Lighthouse's default), only the
// categories issue 10 asks about. Prints one JSON line per URL:
// {"url", "width", "scores": {category: 0-100}, "failed": [{"id", "title", "items"}]}.
// Usage: CHROME_PATH=/usr/bin/chromium CHROME_FLAGS='["--no-sandbox", ...]' \
//          node tests/lighthouse/run.mjs [--width=N] URL...
// CHROME_FLAGS: a JSON list, set by test_lighthouse.py from bench/chromium.py
// (LAUNCH_ARGS, the one list of launch flags); headless is added here.
// --width=N: the URLs after it are run on an N px wide phone screen (the
// mobile profile's other settings unchanged); the default is Lighthouse's own.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["accessibility", "best-practices", "seo"];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", ...JSON.parse(process.env.CHROME_FLAGS || "[]")],
});
try {
  let width = null;
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith("--width=")) {
      width = Number(arg.slice("--width=".length));
      continue;
    }
    const url = arg;
    const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES };
    if (width) {
      flags.screenEmulation = { mobile: true, width, height: 780, deviceScaleFactor: 3, disabled: false };
    }
    const result = await lighthouse(url, flags);
    const lhr = result.lhr;
    const scores = {};
    const failed = [];
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          const items = ((audit.details && audit.details.items) || []).slice(0, 3)
            .map((item) => (item.node && (item.node.selector || item.node.snippet)) || JSON.stringify(item).slice(0, 160));
          failed.push({ id: ref.id, title: audit.title, items });
        }
      }
    }
    const runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
    console.log(JSON.stringify({ url, width: lhr.configSettings.screenEmulation.width, scores, failed, runtimeError }));
  }
} finally {
  await chrome.kill();
}
