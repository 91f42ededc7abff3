package cluster

// stopword reports whether w (lowercase) is an English function word: words
// that say nothing about which event a headline reports.
func stopword(w string) bool { return stopwords[w] }

var stopwords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range []string{
		"a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
		"be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
		"doing", "down", "during", "each", "for", "from", "further", "had", "has", "have", "having", "he",
		"her", "here", "hers", "him", "his", "how", "if", "in", "into", "is", "it", "its", "just", "me",
		"more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
		"our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that",
		"the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
		"under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
		"who", "whom", "why", "will", "with", "would", "you", "your", "yours", "via", "vs", "amp", "http",
		"https", "www", "com", "html", "htm", "php", "aspx", "index", "article", "story", "news",
	} {
		m[w] = true
	}
	return m
}()
