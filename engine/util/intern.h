/* intern.h - string interning with dense, insertion-ordered ids.
 *
 * Each distinct string is stored once; its id is an index into an array
 * in order of first addition (0..count-1), and the hash table holds only
 * ids (jq's object slots). Walking ids is the only way to walk an interner,
 * so output never depends on hash layout. Not thread-safe. */
#ifndef ES_INTERN_H
#define ES_INTERN_H

#include "util.h"

typedef struct es_intern es_intern;

es_intern *es_intern_new(void);
void es_intern_free(es_intern *in); /* accepts NULL */
/* Id of the string, adding it when absent (*added, if given, tells). */
uint32_t es_intern_add(es_intern *in, const char *s, size_t n, bool *added);
/* Id of the string, or UINT32_MAX when absent. */
uint32_t es_intern_find(const es_intern *in, const char *s, size_t n);
/* The string of an id (NUL-terminated, lives as long as the interner; *n
 * gets its length if given). */
const char *es_intern_str(const es_intern *in, uint32_t id, size_t *n);
size_t es_intern_count(const es_intern *in);

#endif
