package metrics

import "time"

// DeliveryDelayBuckets are the bounds, in seconds, of the delivery delay
// histogram: digests are scheduled from every 15 minutes to weekly, so the
// delay from an item first seen to its delivery ranges over minutes to days.
var DeliveryDelayBuckets = []float64{
	60, 5 * 60, 15 * 60, 30 * 60, // minutes
	3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600, // hours
	86400, 2 * 86400, 7 * 86400, // days
}

// Metrics is digestbot's one set of metric names. Create it once in main
// with NewMetrics and pass it to the parts that report.
type Metrics struct {
	FeedsPolled        *CounterVec // a feed fetched, 304 included
	FetchErrors        *CounterVec // a feed or article fetch that failed
	ItemsNew           *CounterVec // a feed item not seen before
	ArticlesSummarised *CounterVec // an article turned into a digest entry
	DigestsSent        *CounterVec // a digest message delivered to a channel
	DiscordErrors      *CounterVec // a Discord REST call that failed
	DeliveryDelay      *Histogram  // seconds from an item first seen to its delivery
}

// NewMetrics registers digestbot's metrics on r.
func NewMetrics(r *Registry) *Metrics {
	return &Metrics{
		FeedsPolled:        r.Counter("digestbot_feeds_polled_total", "Feed fetches attempted, including not-modified answers."),
		FetchErrors:        r.Counter("digestbot_fetch_errors_total", "Feed and article fetches that failed."),
		ItemsNew:           r.Counter("digestbot_items_new_total", "Feed items seen for the first time."),
		ArticlesSummarised: r.Counter("digestbot_articles_summarised_total", "Articles summarised into digest entries."),
		DigestsSent:        r.Counter("digestbot_digests_sent_total", "Digest messages delivered to Discord channels."),
		DiscordErrors:      r.Counter("digestbot_discord_errors_total", "Discord API calls that failed."),
		DeliveryDelay:      r.Histogram("digestbot_delivery_delay_seconds", "Time from an item first seen to its delivery in a digest.", DeliveryDelayBuckets),
	}
}

// DigestSent counts a digest delivered (the bot reports through these methods).
func (m *Metrics) DigestSent() { m.DigestsSent.Inc() }

// DiscordError counts a failed Discord request; the operation is left to the
// logs to keep the series count fixed.
func (m *Metrics) DiscordError(string) { m.DiscordErrors.Inc() }

// StoryDelivered observes the delay from a story first seen to its delivery.
func (m *Metrics) StoryDelivered(delay time.Duration) { m.DeliveryDelay.ObserveDuration(delay) }
