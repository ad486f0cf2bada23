package ui

import (
	"time"

	"cocalc-tui/hub"
)

// Answers to recent searches are kept for a short while, so that going back
// to a query (deleting the letters just typed) shows its results at once,
// marked as refreshing, while the server is asked again.
const (
	cacheLifetime = 30 * time.Second
	cacheEntries  = 64
)

// cachedAnswer is a search's answer as it was shown.
type cachedAnswer struct {
	msg searchResultMsg
	at  time.Time
}

// searchCache maps a search (query and options) to its latest answer.
type searchCache struct {
	answers map[hub.SearchParams]cachedAnswer
}

// get returns the answer to params if it is younger than cacheLifetime.
func (c *searchCache) get(params hub.SearchParams, now time.Time) (searchResultMsg, bool) {
	answer, ok := c.answers[params]
	if !ok || now.Sub(answer.at) > cacheLifetime {
		return searchResultMsg{}, false
	}
	return answer.msg, true
}

// put keeps a successful answer, dropping expired ones (and, if it is still
// full, the oldest) so the cache stays small. Expired answers are dropped on
// every put, not only when the cache is full: they are never shown again,
// and an admin's answer of 2,500 accounts holds a megabyte or two, so 64 of
// them kept for nothing would take the UI far past its memory budget.
func (c *searchCache) put(params hub.SearchParams, msg searchResultMsg, now time.Time) {
	if msg.err != nil {
		return
	}
	if c.answers == nil {
		c.answers = map[hub.SearchParams]cachedAnswer{}
	}
	c.evict(now)
	c.answers[params] = cachedAnswer{msg: msg, at: now}
}

func (c *searchCache) evict(now time.Time) {
	var oldestKey hub.SearchParams
	var oldest time.Time
	for key, answer := range c.answers {
		if now.Sub(answer.at) > cacheLifetime {
			delete(c.answers, key)
			continue
		}
		if oldest.IsZero() || answer.at.Before(oldest) {
			oldestKey, oldest = key, answer.at
		}
	}
	if len(c.answers) >= cacheEntries {
		delete(c.answers, oldestKey)
	}
}
