package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// call runs one Discord request, retrying what Discord asks to retry: a 429
// after its retry_after (discordgo's bucket also honours the X-RateLimit
// headers before the next request), and 5xx answers and network errors with
// exponential backoff, at most MaxRetries times. It stops when ctx ends.
// op names the request for logs and metrics.
func (b *Bot) call(ctx context.Context, op string, fn func(opts ...discordgo.RequestOption) error) error {
	backoff := b.cfg.RetryBackoff
	failures, rateLimits := 0, 0
	for {
		err := fn(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		if err == nil {
			return nil
		}
		err = b.scrub(err)
		wait, retry := b.retryAfter(err, failures, rateLimits, backoff)
		if !retry || ctx.Err() != nil {
			b.metrics.DiscordError(op)
			return fmt.Errorf("bot: %s: %w", op, err)
		}
		b.log.Warn("Discord request failed; retrying", "op", op, "wait", wait, "err", err)
		if isRateLimit(err) {
			rateLimits++
		} else {
			failures++
			backoff *= 2
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			b.metrics.DiscordError(op)
			return fmt.Errorf("bot: %s: %w", op, ctx.Err())
		case <-t.C:
		}
	}
}

func isRateLimit(err error) bool {
	var rl *discordgo.RateLimitError
	return errors.As(err, &rl)
}

// retryAfter decides whether err is worth retrying and after how long,
// given how many failures and rate limits came before.
func (b *Bot) retryAfter(err error, failures, rateLimits int, backoff time.Duration) (time.Duration, bool) {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil {
		// Rate limits are not failures: they have their own, larger budget.
		wait := rl.RetryAfter
		if wait <= 0 {
			wait = 100 * time.Millisecond
		}
		return wait, wait <= b.cfg.MaxRateLimitWait && rateLimits < 10*b.cfg.MaxRetries
	}
	if failures >= b.cfg.MaxRetries {
		return 0, false
	}
	if status := httpStatus(err); status >= 500 {
		return backoff, true
	}
	// discordgo reports a 502 it did not retry as a plain error.
	if strings.HasPrefix(err.Error(), "Exceeded Max retries HTTP 5") {
		return backoff, true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return backoff, true
	}
	return 0, false
}

// httpStatus returns the HTTP status of a Discord REST error, or 0.
func httpStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// discordCode returns Discord's JSON error code of a REST error, or 0.
func discordCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

// Discord's JSON error codes for a 400 about the channel rather than the
// message: every later message to it is refused the same way.
const (
	codeForumChannel    = 40058
	codeNonTextChannel  = 50008
	codeArchivedThread  = 50083
	codeLockedThread    = 160005
	reasonNoTextChannel = "the channel does not take messages (a voice, stage or forum channel); subscribe a text channel"
)

// channelGone reports an answer about a channel rather than one message: a
// 403 or 404 (the bot was removed from it, lost its permissions, or the
// channel was deleted), or a 400 for a thread that was archived or locked
// or a channel that takes no messages, such as a thread the subscription
// was made in and that archived itself after a quiet spell.
func channelGone(err error) (reason string, gone bool) {
	switch httpStatus(err) {
	case http.StatusForbidden:
		return "the bot cannot post in this channel (Missing Access or missing permissions: View Channel, Send Messages, Embed Links)", true
	case http.StatusNotFound:
		return "the channel no longer exists", true
	case http.StatusBadRequest:
		switch discordCode(err) {
		case codeArchivedThread:
			return "the thread is archived; unarchive it, or subscribe a channel instead of a thread", true
		case codeLockedThread:
			return "the thread is locked; unlock it, or subscribe a channel instead of a thread", true
		case codeNonTextChannel, codeForumChannel:
			return reasonNoTextChannel, true
		}
	}
	return "", false
}
