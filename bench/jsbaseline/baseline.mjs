// baseline.mjs is the JavaScript side of digestbot's speed comparison
// (docs/SPEED.md): the npm package compromise doing only entities and quotes
// on the same JSONL that `digestbot summarize --jsonl` reads.
//
//   node baseline.mjs < articles.jsonl > out.jsonl
//
// stdin: one {"id","text"} object per line. stdout: one object per line, same
// order, {"id", "actors":[{name,kind,mentions}], "quotes":[text]}; a bad line
// yields {"id","error"} and the run goes on, as digestbot does.
// stderr, last line: "compromise: articles=N nlp_total_ms=... nlp_median_ms=..."
// (bench/speed.sh parses it). The NLP time covers parsing each text and
// extracting people, places, organisations and quotations; reading stdin,
// loading the library and writing stdout are outside it, and the
// whole-process wall time measured from outside covers everything.
//
// compromise has no quote attribution (speakers), so none is attempted: the
// baseline does less work than digestbot, which keeps the comparison
// conservative.

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const loadStart = performance.now()
const { default: nlp } = await import('compromise')
const loadMs = performance.now() - loadStart

// actors counts the mentions of each distinct name of one kind.
function actors (view, kind, into) {
  const counts = new Map()
  for (const name of view.out('array')) {
    const key = name.replace(/[\s,.;:'’"]+$/u, '').trim()
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  for (const [name, mentions] of counts) into.push({ name, kind, mentions })
}

function analyse (text) {
  const doc = nlp(text)
  const found = []
  actors(doc.people(), 'person', found)
  actors(doc.organizations(), 'org', found)
  actors(doc.places(), 'place', found)
  found.sort((a, b) => b.mentions - a.mentions)
  const quotes = doc.quotations().out('array')
  return { actors: found, quotes }
}

function median (xs) {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

const input = readFileSync(0, 'utf8')
const perArticle = []
const out = []
let failed = 0
for (const line of input.split('\n')) {
  if (line.trim() === '') continue
  let rec
  try {
    rec = JSON.parse(line)
    if (typeof rec.text !== 'string') throw new Error('no "text" string field')
  } catch (err) {
    failed++
    out.push(JSON.stringify({ id: rec?.id ?? null, error: `baseline: ${err.message}` }))
    continue
  }
  const start = performance.now()
  const result = analyse(rec.text)
  perArticle.push(performance.now() - start)
  out.push(JSON.stringify({ id: rec.id, ...result }))
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '')

const total = perArticle.reduce((a, b) => a + b, 0)
const fmt = (x) => x.toFixed(3)
process.stderr.write(
  `compromise: articles=${perArticle.length} failed=${failed} load_ms=${fmt(loadMs)} ` +
  `nlp_total_ms=${fmt(total)} nlp_mean_ms=${fmt(total / (perArticle.length || 1))} ` +
  `nlp_median_ms=${fmt(median(perArticle))} nlp_max_ms=${fmt(Math.max(0, ...perArticle))}\n`
)
