package tagger

import "slices"

// beamPass decodes one document with the beam, span by span, and updates
// early: where the gold labelling falls out of the beam, or at the span
// end if the best labelling is not the gold one. After an early update the
// rest of the span is committed with its gold labels, so that the next
// spans see a full history.
func (tr *trainer) beamPass(d *doc, width int) {
	b := newBeam(d.words, width)
	sc := &floatScorer{tr: tr, d: d}
	for from := 0; from < len(d.words); {
		to := b.spanEnd(from)
		sc.cache(from, to)
		pred := b.search(from, to, sc, d.gold)
		end := from + len(pred)
		tr.now += len(pred)
		for k, l := range pred {
			if l == d.gold[from+k] {
				tr.correct++
			}
		}
		tr.total += len(pred)
		if !slices.Equal(pred, d.gold[from:end]) {
			tr.updateSpan(b, d, from, pred)
		}
		b.commit(from, pred)
		b.commit(end, d.gold[end:to])
		from = to
	}
}

// updateSpan moves the weights towards the gold labelling of the span
// prefix that pred labels and away from pred. Tokens whose label and
// context agree in both would cancel out and are skipped.
func (tr *trainer) updateSpan(b *beam, d *doc, from int, pred []int) {
	gold := d.gold[from : from+len(pred)]
	for k := range pred {
		i := from + k
		g1, g2, gh := b.seqContext(i, from, gold)
		p1, p2, ph := b.seqContext(i, from, pred)
		if pred[k] == gold[k] && g1 == p1 && g2 == p2 && gh == ph {
			continue
		}
		buf := append(tr.buf[:0], d.static[d.off[i]:d.off[i+1]]...)
		n := len(buf)
		buf = tagFeatures(buf, d.words, i, g1, g2, gh)
		tr.update(buf, gold[k], 1)
		buf = tagFeatures(buf[:n], d.words, i, p1, p2, ph)
		tr.update(buf, pred[k], -1)
		tr.buf = buf
	}
}

// floatScorer scores with a training run's current weights; the static
// scores of a span are summed once, since the weights change only in an
// update, which ends the span.
type floatScorer struct {
	tr   *trainer
	d    *doc
	from int
	st   [][numLabels]float64
}

func (s *floatScorer) cache(from, to int) {
	s.from, s.st = from, s.st[:0]
	for i := from; i < to; i++ {
		s.st = append(s.st, s.tags(s.d.static[s.d.off[i]:s.d.off[i+1]]))
	}
}

func (s *floatScorer) static(i int) *[numLabels]float64 { return &s.st[i-s.from] }

func (s *floatScorer) tags(feats []uint64) [numLabels]float64 {
	var out [numLabels]float64
	for _, f := range feats {
		if a := s.tr.acc[f]; a != nil {
			for l := range out {
				out[l] += a.w[l]
			}
		}
	}
	return out
}
