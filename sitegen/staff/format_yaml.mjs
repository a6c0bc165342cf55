// The content files as the staff editor (Decap CMS 3.x) writes them: the same
// YAML library (yaml 1.x, pinned in package.json) and the same steps as
// decap-cms-core's formats/yaml.ts: parse, toJSON, createNode, top-level keys
// in the order of the form, Document.toString(), a final newline. A file in
// this form is rewritten byte for byte by an editor save that changes
// nothing, so a save's diff is the edited value only.
//
// stdin: JSON [{"path": ..., "order": [top-level keys in form order]}]
// stdout: JSON {path: formatted text} (or {path: {"error": message}})
import { readFileSync } from "node:fs";
import YAML from "yaml";

const timestampTag = {
  identify: (value) => value instanceof Date,
  default: true,
  tag: "!timestamp",
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: (str) => new Date(str),
  stringify: (value) => value.value.toISOString(),
};

function sortKeys(sortedKeys) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(a.key && a.key.toString());
    const idxB = sortedKeys.indexOf(b.key && b.key.toString());
    if (idxA === -1 || idxB === -1) return 0;
    return idxA - idxB;
  };
}

function format(text, order) {
  let content = text;
  if (content && content.trim().endsWith("---")) content = content.trim().slice(0, -3);
  const parsed = YAML.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  const data = parsed.toJSON();
  const contents = YAML.createNode(data);
  contents.items.sort(sortKeys(order));
  const doc = new YAML.Document();
  doc.contents = contents;
  let out = doc.toString();
  if (out.slice(-1) !== "\n") out += "\n";
  return out;
}

const jobs = JSON.parse(readFileSync(0, "utf-8"));
const result = {};
for (const job of jobs) {
  try {
    result[job.path] = format(readFileSync(job.path, "utf-8"), job.order);
  } catch (err) {
    result[job.path] = { error: String(err && err.message ? err.message : err) };
  }
}
process.stdout.write(JSON.stringify(result));
