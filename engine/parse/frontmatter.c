/* frontmatter.c - the YAML front-matter block, read with libyaml's event
 * API into a small tree, then flattened into key/value fields.
 *
 * Bounds: collections nest at most MAX_DEPTH deep, alias expansion visits
 * at most MAX_ALIAS_NODES nodes, and flattening writes at most
 * 4 x the block's size + 1 MiB of key paths, values and sequence items
 * (see spend()); past
 * any of these the front matter is dropped as invalid, so a "billion
 * laughs" block costs almost nothing. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

enum { MAX_DEPTH = 64, MAX_ALIAS_NODES = 100000 };

typedef enum { Y_SCALAR, Y_SEQ, Y_MAP, Y_ALIAS } ytype;

typedef struct ynode ynode;
struct ynode {
  ytype type;
  bool null;
  const char *value; /* scalar value, or the anchor name of an alias */
  size_t len;
  unsigned line; /* file line */
  ynode *first, *last, *next;
  ynode *target; /* resolved alias */
};

typedef struct yparse {
  es_builder *b;
  es_arena scratch;
  es_intern *anchors;
  es_intern *paths; /* flattened key paths met so far */
  ynode **anchor_nodes;
  size_t anchor_cap;
  /* error state */
  bool failed;
  unsigned err_line;
  char err_msg[300];
  size_t alias_nodes;
  size_t budget, spent; /* bytes flattening may still write, and has */
  es_buf key, val;
  /* The value in `val` is a sequence: its items start at item_at[0..n),
   * each but the last followed by "; ". */
  bool seq;
  size_t *item_at, nitems, items_cap;
} yparse;

static void fail(yparse *y, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(yparse *y, unsigned line, const char *fmt, ...) {
  if (y->failed)
    return;
  y->failed = true;
  y->err_line = line;
  va_list ap;
  va_start(ap, fmt);
  /* false positive: the analyzer of clang 14 reports the va_list as
   * uninitialized right after va_start. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  vsnprintf(y->err_msg, sizeof y->err_msg, fmt, ap);
  va_end(ap);
}

static ynode *new_node(yparse *y, ytype t, unsigned line) {
  ynode *n = es_arena_calloc(&y->scratch, sizeof *n);
  n->type = t;
  n->line = line;
  return n;
}

static void add_child(ynode *parent, ynode *child) {
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
}

static void set_anchor(yparse *y, const unsigned char *anchor, ynode *n) {
  if (!anchor)
    return;
  uint32_t id = es_intern_add(y->anchors, (const char *)anchor,
                              strlen((const char *)anchor), NULL);
  ES_GROW(y->anchor_nodes, y->anchor_cap, (size_t)id + 1);
  y->anchor_nodes[id] = n;
}

static bool is_null_scalar(const yaml_event_t *ev) {
  const char *v = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  const char *tag = (const char *)ev->data.scalar.tag;
  if (tag && strcmp(tag, YAML_NULL_TAG) == 0)
    return true;
  if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return n == 0;
  return n == 0 || (n == 1 && v[0] == '~') ||
         (n == 4 && (!memcmp(v, "null", 4) || !memcmp(v, "Null", 4) ||
                     !memcmp(v, "NULL", 4)));
}

/* Libyaml's 0-based mark within the block -> 1-based file line (the block
 * starts on file line 2). */
static unsigned mark_line(yaml_mark_t m) { return (unsigned)m.line + 2; }

/* Build the tree of the block's single document. Returns the root, or NULL
 * for an empty block or on failure (y->failed). */
static ynode *build(yparse *y, const char *s, size_t n) {
  yaml_parser_t p;
  yaml_event_t ev;
  ynode *stack[MAX_DEPTH + 1];
  size_t depth = 0;
  ynode *root = NULL;
  int docs = 0;
  bool done = false;
  /* libyaml fails to initialize only for lack of memory, and a parser it
   * could not initialize loops forever: out of memory, the documented
   * way. */
  if (!yaml_parser_initialize(&p))
    es__out_of_memory(sizeof p);
  yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
  while (!done && !y->failed) {
    if (!yaml_parser_parse(&p, &ev)) {
      if (p.error == YAML_MEMORY_ERROR)
        es__out_of_memory(0);
      unsigned line;
      if (p.error == YAML_READER_ERROR) {
        /* Reader errors carry a byte offset, not a mark. */
        line = 2;
        for (size_t i = 0; i < p.problem_offset && i < n; i++)
          line += s[i] == '\n';
      } else {
        line = mark_line(p.problem_mark);
      }
      /* libyaml's marks are 0-based; the message gives a 1-based column
       * (reader errors have none) and where the construct being parsed
       * began, which is often where the mistake is (an unclosed '['). */
      const char *problem = p.problem ? p.problem : "unknown problem";
      if (p.error == YAML_READER_ERROR)
        fail(y, line, "YAML error: %s", problem);
      else if (p.context)
        fail(y, line, "YAML error: %s at column %u (%s that starts on line %u)",
             problem, (unsigned)p.problem_mark.column + 1, p.context,
             mark_line(p.context_mark));
      else
        fail(y, line, "YAML error: %s at column %u", problem,
             (unsigned)p.problem_mark.column + 1);
      break;
    }
    ynode *node = NULL;
    switch (ev.type) {
    case YAML_STREAM_END_EVENT:
      done = true;
      break;
    case YAML_DOCUMENT_START_EVENT:
      if (++docs > 1)
        fail(y, mark_line(ev.start_mark),
             "a second YAML document in the front matter");
      break;
    case YAML_SCALAR_EVENT:
      node = new_node(y, Y_SCALAR, mark_line(ev.start_mark));
      node->null = is_null_scalar(&ev);
      node->value =
          es_arena_strndup(&y->scratch, (const char *)ev.data.scalar.value,
                           ev.data.scalar.length);
      node->len = ev.data.scalar.length;
      set_anchor(y, ev.data.scalar.anchor, node);
      break;
    case YAML_ALIAS_EVENT: {
      node = new_node(y, Y_ALIAS, mark_line(ev.start_mark));
      const char *a = (const char *)ev.data.alias.anchor;
      uint32_t id = es_intern_find(y->anchors, a, strlen(a));
      if (id == UINT32_MAX)
        fail(y, node->line, "YAML error: undefined alias *%s", a);
      else
        node->target = y->anchor_nodes[id];
      break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
      node = new_node(y, seq ? Y_SEQ : Y_MAP, mark_line(ev.start_mark));
      set_anchor(
          y, seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor,
          node);
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (depth)
        depth--;
      break;
    default:
      break;
    }
    if (node) {
      if (depth)
        add_child(stack[depth - 1], node);
      else if (!root)
        root = node;
      if (node->type == Y_SEQ || node->type == Y_MAP) {
        if (depth == MAX_DEPTH)
          fail(y, node->line, "front matter nests deeper than %d levels",
               MAX_DEPTH);
        else
          stack[depth++] = node;
      }
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  return y->failed ? NULL : root;
}

/* Follow aliases, counting what expansion visits. */
static const ynode *resolve(yparse *y, const ynode *n) {
  while (n && n->type == Y_ALIAS) {
    n = n->target;
    y->alias_nodes++;
  }
  return n;
}

/* Count the nodes an alias expansion visits; fail past the bound. */
static bool charge(yparse *y, bool in_alias, unsigned line) {
  if (in_alias && ++y->alias_nodes > MAX_ALIAS_NODES) {
    fail(y, line, "alias expansion visits more than %d nodes", MAX_ALIAS_NODES);
    return false;
  }
  return !y->failed;
}

/* Key paths repeat their prefixes for every child ("K.a", "K.b", ... with
 * a 50 KB explicit key K) and aliases repeat whole values, so a few hundred
 * KB of YAML could flatten into gigabytes. Every byte that flattening keeps
 * (key paths, values, duplicate_key messages) is charged here; real front
 * matter stays far below the budget. */
static bool spend(yparse *y, size_t n, unsigned line) {
  if (y->failed)
    return false;
  if (n > y->budget - y->spent) {
    fail(y, line,
         "front matter flattens to more than %zu bytes of keys and "
         "values",
         y->budget);
    return false;
  }
  y->spent += n;
  return true;
}

static void join_seq(yparse *y, const ynode *seq, int depth, bool in_alias,
                     bool *first) {
  if (depth > MAX_DEPTH) {
    fail(y, seq->line, "front matter nests deeper than %d levels", MAX_DEPTH);
    return;
  }
  for (const ynode *c = seq->first; c && !y->failed; c = c->next) {
    bool alias = in_alias || c->type == Y_ALIAS;
    const ynode *r = resolve(y, c);
    if (!r || !charge(y, alias, c->line))
      return;
    if (r->type == Y_SEQ) {
      join_seq(y, r, depth + 1, alias, first);
    } else if (r->type == Y_SCALAR) {
      if (!*first)
        es_buf_put(&y->val, "; ", 2);
      *first = false;
      ES_GROW(y->item_at, y->items_cap, y->nitems + 1);
      y->item_at[y->nitems++] = y->val.len;
      if (!r->null)
        es_buf_put(&y->val, r->value, r->len);
      /* Checked as the value grows, so that it never outgrows the budget
       * by more than one item; set_field charges it. */
      if (y->val.len > y->budget - y->spent) {
        spend(y, y->val.len, c->line);
        return;
      }
    }
    /* mappings inside sequences are dropped */
  }
}

/* A sequence value's items, copied out of the joined value in y->val
 * (items may themselves hold "; ", so the joined text cannot be split). */
static void set_items(yparse *y, es_field *f) {
  es_arena *a = &y->b->doc->arena;
  f->sequence = y->seq;
  f->nitems = y->seq ? y->nitems : 0;
  f->items = NULL;
  if (!y->seq)
    return;
  const char **items =
      es_arena_alloc(a, (y->nitems ? y->nitems : 1) * sizeof *items);
  for (size_t k = 0; k < y->nitems; k++) {
    size_t end = k + 1 < y->nitems ? y->item_at[k + 1] - 2 : y->val.len;
    items[k] =
        es_arena_strndup(a, y->val.data + y->item_at[k], end - y->item_at[k]);
  }
  f->items = items;
}

/* Set a flattened key. A key met again keeps its first position and takes
 * the new value (the duplicate_key finding is made by the caller). The
 * value is y->val; a sequence's item copies are charged too. */
static void set_field(yparse *y, const char *key, size_t klen, unsigned line) {
  es_builder *b = y->b;
  es_arena *a = &b->doc->arena;
  const char *val = y->val.data;
  size_t vlen = y->val.len;
  size_t items = y->seq ? vlen + 1 + y->nitems * (sizeof(char *) + 1) : 0;
  if (!spend(y, klen + vlen + items, line))
    return;
  if (!b->field_index)
    b->field_index = es_intern_new();
  bool added;
  uint32_t id = es_intern_add(b->field_index, key, klen, &added);
  if (!added) {
    b->fields[id].value = es_arena_strndup(a, val, vlen);
    set_items(y, &b->fields[id]);
    return;
  }
  ES_GROW(b->fields, b->fields_cap, b->nfields + 1);
  es_field *f = &b->fields[b->nfields++];
  f->key = es_arena_strndup(a, key, klen);
  f->value = es_arena_strndup(a, val, vlen);
  f->line = line;
  set_items(y, f);
}

/* Flatten a mapping under the key path in y->key. Every key path met is
 * remembered in y->paths: meeting one again is a repeated key, whether the
 * same mapping repeats it or flattening makes two keys collide ("a.b" and
 * "a: {b: ...}"). Inside a repeated key's value, `quiet` avoids reporting
 * the same repetition twice. */
static void flatten_map(yparse *y, const ynode *map, int depth, bool in_alias,
                        bool quiet) {
  if (depth > MAX_DEPTH) {
    fail(y, map->line, "front matter nests deeper than %d levels", MAX_DEPTH);
    return;
  }
  for (const ynode *k = map->first; k && k->next && !y->failed;
       k = k->next->next) {
    const ynode *v = k->next;
    bool kalias = in_alias || k->type == Y_ALIAS;
    bool valias = in_alias || v->type == Y_ALIAS;
    const ynode *kr = resolve(y, k);
    if (!charge(y, kalias, k->line))
      return;
    if (!kr || kr->type != Y_SCALAR || kr->len == 0)
      continue; /* complex or empty keys name no column */
    size_t mark = y->key.len;
    if (mark)
      es_buf_putc(&y->key, '.');
    es_buf_put(&y->key, kr->value, kr->len);
    if (!spend(y, y->key.len, k->line)) /* the copy in y->paths */
      return;
    bool added;
    es_intern_add(y->paths, y->key.data, y->key.len, &added);
    bool dup = !added;
    if (dup && !quiet && spend(y, y->key.len, k->line)) {
      es_builder_finding(y->b, ES_CODE_DUPLICATE_KEY, k->line,
                         "front-matter key '%s' is repeated; the last value "
                         "is used",
                         y->key.data);
      es_builder_finding_key(y->b, y->key.data);
    }
    const ynode *vr = resolve(y, v);
    if (!charge(y, valias, v->line))
      return;
    if (vr && vr->type == Y_MAP) {
      flatten_map(y, vr, depth + 1, valias, quiet || dup);
    } else {
      es_buf_clear(&y->val);
      es_buf_putc(&y->val, 0); /* keep data non-NULL */
      y->val.len = 0;
      y->seq = vr && vr->type == Y_SEQ;
      y->nitems = 0;
      if (y->seq) {
        bool first = true;
        join_seq(y, vr, depth + 1, valias, &first);
      } else if (vr && vr->type == Y_SCALAR && !vr->null) {
        es_buf_put(&y->val, vr->value, vr->len);
      }
      if (!y->failed)
        set_field(y, y->key.data, y->key.len, k->line);
      /* The title fallback takes a top-level `title` only when it is a
       * single value; the last one wins, as for the column. */
      if (!y->failed && mark == 0 && y->key.len == 5 &&
          memcmp(y->key.data, "title", 5) == 0) {
        y->b->fm_title =
            vr && vr->type == Y_SCALAR && !vr->null
                ? es_arena_strndup(&y->b->doc->arena, vr->value, vr->len)
                : NULL;
        y->b->fm_title_line = k->line;
      }
    }
    y->key.len = mark;
    y->key.data[mark] = 0;
  }
}

size_t es_front_matter_parse(es_builder *b, const char *s, size_t n,
                             unsigned *body_line) {
  es_doc *doc = b->doc;
  *body_line = 0;
  doc->fm = ES_FM_NONE;
  if (!(n >= 3 && memcmp(s, "---", 3) == 0 && (n == 3 || s[3] == '\n')))
    return 0;
  /* Find the closing line: exactly "---" or "...". */
  size_t start = n == 3 ? 3 : 4, pos = start, end = 0;
  unsigned line = 2;
  bool closed = false;
  while (pos < n) {
    const char *nl = memchr(s + pos, '\n', n - pos);
    size_t len = (nl ? (size_t)(nl - s) : n) - pos;
    if (len == 3 &&
        (!memcmp(s + pos, "---", 3) || !memcmp(s + pos, "...", 3))) {
      closed = true;
      end = pos;
      pos = nl ? (size_t)(nl - s) + 1 : n;
      break;
    }
    line++;
    pos = nl ? (size_t)(nl - s) + 1 : n;
  }
  if (!closed) {
    doc->fm = ES_FM_UNTERMINATED;
    es_builder_finding(b, ES_CODE_FRONT_MATTER_UNTERMINATED, 1,
                       "front matter opened with '---' on line 1 is never "
                       "closed; the whole file is read as body");
    return 0;
  }
  *body_line = line; /* lines up to and including the closing one */

  yparse y;
  memset(&y, 0, sizeof y);
  y.b = b;
  y.anchors = es_intern_new();
  y.paths = es_intern_new();
  y.budget = 4 * (end - start) + ((size_t)1 << 20);
  ynode *root = build(&y, s + start, end - start);
  if (!y.failed && root) {
    if (root->type != Y_MAP) {
      doc->fm = ES_FM_NOT_MAPPING;
      es_builder_finding(b, ES_CODE_FRONT_MATTER_NOT_MAPPING, root->line,
                         "front matter is a YAML %s, not a mapping",
                         root->type == Y_SEQ ? "sequence" : "scalar");
    } else {
      size_t keep = b->nfields, keep_findings = b->nfindings;
      flatten_map(&y, root, 1, false, false);
      if (y.failed) {
        /* Drop what the block produced before the limit was reached. */
        b->nfields = keep;
        b->nfindings = keep_findings;
        b->fm_title = NULL;
        if (b->field_index) {
          es_intern_free(b->field_index);
          b->field_index = NULL;
        }
      }
    }
  }
  if (y.failed) {
    doc->fm = ES_FM_INVALID;
    es_builder_finding(b, ES_CODE_FRONT_MATTER_INVALID, y.err_line, "%s",
                       y.err_msg);
  } else if (doc->fm == ES_FM_NONE) {
    doc->fm = ES_FM_OK;
  }
  es_intern_free(y.anchors);
  es_intern_free(y.paths);
  free(y.anchor_nodes);
  es_arena_free(&y.scratch);
  es_buf_free(&y.key);
  es_buf_free(&y.val);
  free(y.item_at);
  return pos;
}
