package pipeline

import (
	"errors"
	"fmt"
	"time"
)

// seenFactor is how many retention periods an item key stays seen after its
// feed stopped listing it: long enough that a publisher re-listing it is
// rare, short enough that the seen index does not grow forever.
const seenFactor = 2

// Prune applies retention as of now: cached articles older than
// ArticleMaxAge (they would be read again anyway) and, past MaxArticles, the
// oldest; items older than Retention that left their feed; finished
// deliveries older than Retention and the delivered markers of pruned items;
// and the seen keys of items no feed has listed for seenFactor retention
// periods. Pending deliveries are never pruned. The order matters: markers
// and seen keys go only once their item is gone.
func (p *Pipeline) Prune(now time.Time) error {
	articles, err := p.store.PruneArticles(now.Add(-p.opts.ArticleMaxAge), p.opts.MaxArticles)
	if err != nil {
		return fmt.Errorf("pipeline: prune: %w", err)
	}
	items, ierr := p.store.Prune(now.Add(-p.opts.Retention))
	deliveries, markers, derr := p.store.PruneDeliveries(now.Add(-p.opts.Retention))
	seen, serr := p.store.PruneSeen(now.Add(-seenFactor * p.opts.Retention))
	_, cerr := p.store.PruneStoryClusters(now.Add(-p.opts.Retention))
	if err := errors.Join(ierr, derr, serr, cerr); err != nil {
		return fmt.Errorf("pipeline: prune: %w", err)
	}
	if articles+items+deliveries+markers+seen > 0 {
		p.log.Info("pruned", "articles", articles, "items", items, "deliveries", deliveries,
			"delivered_markers", markers, "seen_keys", seen)
	}
	return nil
}
