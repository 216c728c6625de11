// The form's Japanese explanations for case data, without a browser: node tests/submit_explain.mjs SCHEMA < cases.json
// Prints, for each case of the JSON array on stdin, its schema problems as [{path, message}].
import { readFileSync } from "node:fs";
import { schemaProblems, setWords } from "../docs/assets/submit/explain.js";

setWords(JSON.parse(readFileSync(new URL("../generator/data/words.json", import.meta.url), "utf8")));

const schema = JSON.parse(readFileSync(process.argv[2], "utf8"));
const cases = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map((data) => schemaProblems(data, schema))));
