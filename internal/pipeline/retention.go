package pipeline

import (
	"errors"
	"fmt"
	"time"
)

// Prune applies retention as of now: cached articles older than
// ArticleMaxAge (they would be read again anyway) and past MaxArticles the
// oldest; finished deliveries and their markers older than Retention; items
// older than Retention that left their feed. Pending deliveries are never
// pruned. The poller keeps seen markers, so nothing pruned comes back as new.
func (p *Pipeline) Prune(now time.Time) error {
	articles, err := p.store.PruneArticles(now.Add(-p.opts.ArticleMaxAge), p.opts.MaxArticles)
	if err != nil {
		return fmt.Errorf("pipeline: prune: %w", err)
	}
	items, ierr := p.store.Prune(now.Add(-p.opts.Retention))
	deliveries, markers, derr := p.store.PruneDeliveries(now.Add(-p.opts.Retention))
	if err := errors.Join(ierr, derr); err != nil {
		return fmt.Errorf("pipeline: prune: %w", err)
	}
	if articles+items+deliveries+markers > 0 {
		p.log.Info("pruned", "articles", articles, "items", items, "deliveries", deliveries, "delivered_markers", markers)
	}
	return nil
}
