package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/digestbot/digestbot/internal/schedule"
	"github.com/digestbot/digestbot/internal/store"
	"github.com/digestbot/digestbot/internal/story"
)

// deliverDue makes, records and sends one due subscription's digest.
func (p *Pipeline) deliverDue(ctx context.Context, out Outlet, sub store.Subscription, now time.Time) error {
	sch, err := storedSchedule(sub)
	if err != nil {
		return err
	}
	// The index may run ahead of the schedule: a subscription stored by an
	// older digestbot has no next time (zero means due). Then it only learns it.
	if next := sch.Next(lastDigest(sub)); next.After(now) {
		return p.store.RecordDigest(sub.ID, sub.LastDigestAt, next)
	}
	stories, err := p.pending(ctx, sub, p.opts.MaxStories)
	if err != nil {
		return fmt.Errorf("pipeline: stories for subscription %d: %w", sub.ID, err)
	}
	if len(stories) == 0 {
		// Nothing new: no message, but the schedule moves on.
		return p.store.RecordDigest(sub.ID, now, sch.Next(now))
	}
	cards := story.Cards(stories)
	payloads, err := out.DigestPayloads(sub.Topic, cards)
	if err != nil {
		return fmt.Errorf("pipeline: render digest of subscription %d: %w", sub.ID, err)
	}
	intent := store.Delivery{
		SubscriptionID: sub.ID, GuildID: sub.GuildID, ChannelID: sub.ChannelID,
		Payloads: payloads, CreatedAt: now,
	}
	for _, st := range stories {
		intent.ItemIDs = append(intent.ItemIDs, st.ItemIDs()...)
		intent.Clusters = append(intent.Clusters, clusterRecord(st))
	}
	d, err := p.store.CreateDelivery(intent, sch.Next(now))
	if err != nil {
		return fmt.Errorf("pipeline: record delivery intent: %w", err)
	}
	delivered, err := p.send(ctx, out, d)
	if err != nil || !delivered {
		return err
	}
	if p.opts.Metrics != nil {
		for _, c := range cards {
			if !c.FirstSeen.IsZero() {
				p.opts.Metrics.StoryDelivered(now.Sub(c.FirstSeen))
			}
		}
	}
	return nil
}

// storedSchedule reads back the schedule a subscription was stored with,
// parsed and checked when it entered. The floor was enforced at /subscribe;
// none here keeps a subscription made under a lower floor working after the
// floor is raised.
func storedSchedule(sub store.Subscription) (schedule.Schedule, error) {
	sch, err := schedule.Parse(sub.Schedule, sub.Timezone, schedule.NoMinimum)
	if err != nil {
		return schedule.Schedule{}, fmt.Errorf("pipeline: subscription %d has an unreadable schedule %q: %w", sub.ID, sub.Schedule, err)
	}
	return sch, nil
}

// lastDigest is when a subscription's schedule counts from.
func lastDigest(sub store.Subscription) time.Time {
	if !sub.LastDigestAt.IsZero() {
		return sub.LastDigestAt
	}
	return sub.CreatedAt
}

// resendPending sends again the deliveries recorded and not finished.
func (p *Pipeline) resendPending(ctx context.Context, out Outlet) {
	pending, err := p.store.PendingDeliveries()
	if err != nil {
		p.log.Error("listing pending deliveries", "err", err)
		return
	}
	perChannel(ctx, p.opts.Channels, pending, func(d store.Delivery) string { return d.ChannelID },
		func(d store.Delivery) {
			defer p.recoverDelivery(d.ChannelID)
			p.log.Info("resending a pending delivery", "delivery_id", d.ID, "channel_id", d.ChannelID)
			if _, err := p.send(ctx, out, d); err != nil {
				p.log.Warn("pending delivery not done; will retry", "delivery_id", d.ID, "err", err)
			}
		})
}

// perChannel runs do for every job, up to workers channels at once and
// each channel's jobs in their order, so that a channel's digests arrive in
// the order they fell due and its stored clusters change one digest at a
// time. It returns when all have run, or, once ctx ends, when the jobs
// already started have.
func perChannel[T any](ctx context.Context, workers int, jobs []T, channel func(T) string, do func(T)) {
	var order []string
	queues := map[string][]T{}
	for _, j := range jobs {
		c := channel(j)
		if _, ok := queues[c]; !ok {
			order = append(order, c)
		}
		queues[c] = append(queues[c], j)
	}
	next := make(chan []T)
	var wg sync.WaitGroup
	for range min(workers, len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for queue := range next {
				for _, j := range queue {
					if ctx.Err() != nil {
						break
					}
					do(j)
				}
			}
		}()
	}
	for _, c := range order {
		if ctx.Err() != nil {
			break
		}
		next <- queues[c]
	}
	close(next)
	wg.Wait()
}

// send posts a delivery's unsent parts in order, each with the nonce the
// store made for it, and records the outcome. delivered is true once every
// part is confirmed.
func (p *Pipeline) send(ctx context.Context, out Outlet, d store.Delivery) (delivered bool, err error) {
	log := p.log.With("delivery_id", d.ID, "guild_id", d.GuildID, "channel_id", d.ChannelID)
	for i, payload := range d.Payloads {
		if i < len(d.MessageIDs) && d.MessageIDs[i] != "" {
			continue
		}
		msgID, err := out.Post(ctx, d.ChannelID, payload, d.PartNonce(i))
		if err != nil {
			return false, p.postFailed(ctx, out, d, i, err)
		}
		if err := p.store.MarkPartSent(d.ID, i, msgID); err != nil {
			return false, fmt.Errorf("pipeline: record sent part %d of delivery %d: %w", i, d.ID, err)
		}
	}
	if err := p.store.MarkDelivered(d.ID, nil, p.opts.Now()); err != nil {
		return false, fmt.Errorf("pipeline: finish delivery %d: %w", d.ID, err)
	}
	if p.opts.Metrics != nil {
		p.opts.Metrics.DigestSent()
	}
	log.Info("digest delivered", "messages", len(d.Payloads))
	return true, nil
}

// postFailed records why part of d was not posted: a lost channel pauses its
// subscriptions, gives the delivery up and tells the people who made them,
// a refused message gives it up, anything else leaves it pending for the
// next tick.
func (p *Pipeline) postFailed(ctx context.Context, out Outlet, d store.Delivery, part int, err error) error {
	log := p.log.With("delivery_id", d.ID, "guild_id", d.GuildID, "channel_id", d.ChannelID)
	var gone *ChannelGoneError
	switch {
	case errors.As(err, &gone):
		log.Warn("channel unreachable; pausing its subscriptions", "reason", gone.Reason, "err", err)
		paused, perr := p.store.PauseChannel(d.ChannelID, gone.Reason)
		if perr != nil {
			return fmt.Errorf("pipeline: pause channel %s: %w", d.ChannelID, perr)
		}
		ferr := p.store.MarkDeliveryFailed(d.ID, errors.New(gone.Reason), true)
		// The pause is committed whatever became of the delivery record, and
		// only this call learns of it: later ticks find the subscriptions
		// already paused. So the notices go out here, after both writes,
		// and cannot change either.
		p.notifyPaused(ctx, out, paused, gone.Reason)
		return ferr
	case errors.Is(err, ErrRejected):
		log.Error("the message was refused; giving the delivery up", "part", part, "err", err)
		return p.store.MarkDeliveryFailed(d.ID, err, true)
	}
	if rerr := p.store.MarkDeliveryFailed(d.ID, err, false); rerr != nil {
		return errors.Join(err, rerr)
	}
	return fmt.Errorf("pipeline: post part %d of delivery %d: %w", part, d.ID, err)
}
