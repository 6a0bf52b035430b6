// Validates JSON-LD with Adobe's structured-data validator (schema.org types and properties, and Google's
// rich-result rules for the types it knows). Called by bench/structured-data, which explains the arguments:
//     node structured_data.mjs <schema.org vocabulary .jsonld> <pages .json: {path: [JSON-LD item, ...]}>
// Prints one line a problem and a summary; exits 1 on any problem (an ERROR or a WARNING).
import { readFileSync } from "node:fs";
import Validator from "@adobe/structured-data-validator";

const [vocabularyPath, pagesPath] = process.argv.slice(2);
const validator = new Validator(JSON.parse(readFileSync(vocabularyPath, "utf8")));
const pages = JSON.parse(readFileSync(pagesPath, "utf8"));

let items = 0;
let errors = 0;
let warnings = 0;
for (const [path, found] of Object.entries(pages)) {
  const byType = {};
  for (const item of found) {
    (byType[item["@type"]] ??= []).push(item);
    items += 1;
  }
  for (const issue of await validator.validate({ jsonld: byType })) {
    if (issue.severity === "ERROR") errors += 1;
    else warnings += 1;
    const where = (issue.path || []).map((step) => step.property || step.type).join(" > ");
    console.log(`${issue.severity} ${path} ${where}: ${issue.issueMessage}`);
  }
}
console.log(`${Object.keys(pages).length} pages, ${items} JSON-LD items: ${errors} errors, ${warnings} warnings.`);
process.exit(errors + warnings ? 1 : 0);
