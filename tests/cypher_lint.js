// Lints Cypher with Neo4j's own language support (@neo4j-cypher/language-support, found
// through NODE_PATH), for tests/test_cypher_lint.py.
//   stdin:  {"schema": dbSchema, "queries": {key: {"text": "...", "parameters": {...}}}}
//   stdout: {key: [{"severity", "message", "line", "column"}]}, lines and columns from 1
const { lintCypherQuery, testData } = require('@neo4j-cypher/language-support');

// The package's one list of Neo4j's functions is its test schema, a dump of a real server
// with APOC and GDS; only the built-in ones are declared, as the queries run without plugins.
const functions = Object.fromEntries(
  Object.entries(testData.mockSchema.functions['CYPHER 5']).filter(([, f]) => f.isBuiltIn),
);
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const output = {};
for (const [key, { text, parameters }] of Object.entries(input.queries)) {
  const schema = { ...input.schema, parameters, functions: { 'CYPHER 5': functions } };
  output[key] = lintCypherQuery(text, schema).diagnostics.map((d) => ({
    severity: SEVERITY[d.severity],
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
}
process.stdout.write(JSON.stringify(output));
