/* stopwords.c - the built-in English stop-word list (--stopwords english).
 *
 * Function words only: articles, pronouns (personal, possessive, reflexive,
 * relative and indefinite), prepositions, conjunctions, auxiliary and modal
 * verbs, negations, and the commonest adverbs and quantifiers that carry
 * little topical weight in analytical prose. Content words that merely
 * happen to be frequent (film, story) are left alone, because dropping them
 * would change what the terms report and the similarity measure say.
 *
 * Entries are written already normalized (lower-case ASCII, ASCII
 * apostrophe): terms map U+2019 and U+02BC to "'", so "don't" also drops
 * "don’t". A contraction is one word under the word rule (an apostrophe
 * between letters joins them), which is why contractions are listed whole.
 * Kept sorted and free of duplicates; test_terms checks both. */
#include "corpus.h"

const char *const es_english_stopwords[] = {
    "a",         "about",     "above",     "across",     "after",
    "again",     "against",   "all",       "along",      "also",
    "although",  "am",        "among",     "an",         "and",
    "another",   "any",       "anybody",   "anyone",     "anything",
    "are",       "aren't",    "around",    "as",         "at",
    "be",        "because",   "been",      "before",     "behind",
    "being",     "below",     "between",   "beyond",     "both",
    "but",       "by",        "can",       "can't",      "cannot",
    "could",     "couldn't",  "did",       "didn't",     "do",
    "does",      "doesn't",   "doing",     "don't",      "down",
    "during",    "each",      "either",    "else",       "even",
    "ever",      "every",     "everybody", "everyone",   "everything",
    "few",       "for",       "from",      "further",    "had",
    "hadn't",    "has",       "hasn't",    "have",       "haven't",
    "having",    "he",        "he'd",      "he'll",      "he's",
    "her",       "here",      "hers",      "herself",    "him",
    "himself",   "his",       "how",       "however",    "i",
    "i'd",       "i'll",      "i'm",       "i've",       "if",
    "in",        "into",      "is",        "isn't",      "it",
    "it's",      "its",       "itself",    "just",       "let's",
    "may",       "me",        "might",     "more",       "most",
    "much",      "must",      "mustn't",   "my",         "myself",
    "neither",   "never",     "no",        "nobody",     "nor",
    "not",       "nothing",   "now",       "of",         "off",
    "on",        "once",      "one",       "only",       "onto",
    "or",        "other",     "others",    "ought",      "our",
    "ours",      "ourselves", "out",       "over",       "own",
    "per",       "same",      "shall",     "shan't",     "she",
    "she'd",     "she'll",    "she's",     "should",     "shouldn't",
    "since",     "so",        "some",      "somebody",   "someone",
    "something", "such",      "than",      "that",       "that's",
    "the",       "their",     "theirs",    "them",       "themselves",
    "then",      "there",     "there's",   "these",      "they",
    "they'd",    "they'll",   "they're",   "they've",    "this",
    "those",     "though",    "through",   "thus",       "to",
    "too",       "toward",    "towards",   "under",      "unless",
    "until",     "up",        "upon",      "us",         "very",
    "via",       "was",       "wasn't",    "we",         "we'd",
    "we'll",     "we're",     "we've",     "were",       "weren't",
    "what",      "what's",    "whatever",  "when",       "whenever",
    "where",     "where's",   "whereas",   "wherever",   "whether",
    "which",     "while",     "who",       "who's",      "whom",
    "whose",     "why",       "will",      "with",       "within",
    "without",   "won't",     "would",     "wouldn't",   "yet",
    "you",       "you'd",     "you'll",    "you're",     "you've",
    "your",      "yours",     "yourself",  "yourselves", NULL};
