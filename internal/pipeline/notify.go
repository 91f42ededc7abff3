package pipeline

import (
	"context"
	"time"

	"github.com/digestbot/digestbot/internal/store"
)

// Notices are sent on the channel's delivery worker, within the tick: a
// slow or failing chat service (retrying 5xx answers) must not hold the
// other channels' digests for long, however many people one pause concerns.
// pauseNoticeTimeout bounds one notice, pauseNoticesBudget all of one
// pause's; notices still unsent then fail at once and are logged.
const (
	pauseNoticeTimeout = 15 * time.Second
	pauseNoticesBudget = time.Minute
)

// pauseNotices groups the subscriptions one pause stopped by who made them,
// in the order each creator first appears: one notice per person, however
// many of their topics the channel had. Subscriptions without a creator
// (made by the CLI or before digestbot recorded it) have nobody to tell.
func pauseNotices(paused []store.Subscription, reason string, at time.Time) []PauseNotice {
	var notices []PauseNotice
	byUser := map[string]int{}
	for _, sub := range paused {
		if sub.CreatedBy == "" {
			continue
		}
		i, ok := byUser[sub.CreatedBy]
		if !ok {
			i = len(notices)
			byUser[sub.CreatedBy] = i
			notices = append(notices, PauseNotice{
				UserID: sub.CreatedBy, GuildID: sub.GuildID, ChannelID: sub.ChannelID, Reason: reason, At: at,
			})
		}
		notices[i].Topics = append(notices[i].Topics, sub.Topic)
	}
	return notices
}

// notifyPaused tells each creator of the paused subscriptions, once, if the
// outlet can. A notice that fails is logged and dropped: retrying on later
// ticks would need state for a message that is a courtesy, and
// /subscriptions keeps showing the reason.
func (p *Pipeline) notifyPaused(ctx context.Context, out Outlet, paused []store.Subscription, reason string) {
	notifier, ok := out.(PauseNotifier)
	if !ok {
		return
	}
	ctx, cancelAll := context.WithTimeout(ctx, pauseNoticesBudget)
	defer cancelAll()
	for _, n := range pauseNotices(paused, reason, p.opts.Now()) {
		log := p.log.With("user_id", n.UserID, "guild_id", n.GuildID, "channel_id", n.ChannelID)
		nctx, cancel := context.WithTimeout(ctx, pauseNoticeTimeout)
		err := notifier.NotifyPaused(nctx, n)
		cancel()
		if err != nil {
			log.Warn("could not tell a subscriber that their subscriptions paused", "topics", len(n.Topics), "err", err)
			continue
		}
		log.Info("told a subscriber that their subscriptions paused", "topics", len(n.Topics))
	}
}
