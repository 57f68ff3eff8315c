/* shard.c - the distributed load (run.h: es_mpi_discovered, es_mpi_load).
 *
 * Rank r reads entries [bounds[r], bounds[r+1]) of the sorted list; the
 * bounds, chosen by rank 0 so that each shard holds about the same file
 * bytes, are broadcast so that every rank uses the same ones even if a
 * file changes size meanwhile. Each other rank then streams its entries
 * to rank 0: per entry its index, the length of its record, and the record
 * (what load.c learnt reading the file, then the FULL document,
 * engine/doc/pack.h), cut into messages of at most es_comm_chunk() bytes.
 * Rank 0 takes the streams in whatever order messages arrive, and unpacks
 * each entry into its slot: the result never depends on arrival order
 * (term ids do, and no report depends on term ids). */
#include "run.h"
#include "comm.h"
#include "../corpus/corpus.h"
#include "../doc/pack.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TAG_SHARD = 1 };

/* A shard's fixed cost per file (open, stat, a parser's setup), in bytes
 * of text that cost as much, so that many tiny files are not all one
 * rank's. */
enum { FILE_COST_BYTES = 2048 };

/* ---- discovery --------------------------------------------------------- */

es_status es_mpi_discovered(es_corpus *c, es_error *err) {
  es_corpus__sort(c);
  /* The count and a hash of the list, and what the command asks for: the
   * exchanges that follow depend on it, and a rank given other reports
   * (mpirun's `:`) would wait in another one. */
  uint64_t mine[3] = {c->n, 0, c->opts.load_needs};
  for (size_t i = 0; i < c->n; i++) {
    const es_entry *e = &c->entries[i];
    mine[1] = es_hash(e->raw_id, strlen(e->raw_id) + 1) ^
              (mine[1] * 0x100000001b3ull + (uint64_t)e->kind);
  }
  int size = es_comm_size();
  uint64_t *all = es__xmalloc(3 * (size_t)size * sizeof *all);
  MPI_Allgather(mine, 3, MPI_UINT64_T, all, 3, MPI_UINT64_T, MPI_COMM_WORLD);
  es_status st = ES_OK;
  for (int r = 1; r < size && st == ES_OK; r++) {
    const uint64_t *v = all + 3 * (size_t)r;
    if (v[0] != all[0] || v[1] != all[1])
      st = ES_FAIL(err, ES_EIO,
                   "MPI rank %d found %llu essays%s where rank 0 found "
                   "%llu: every rank must see the same files under the "
                   "PATHs (a shared file system, the same paths)",
                   r, (unsigned long long)v[0],
                   v[0] == all[0] ? " (other files)" : "",
                   (unsigned long long)all[0]);
    else if (v[2] != all[2])
      st = ES_FAIL(err, ES_EINVAL,
                   "MPI rank %d was asked for other reports than rank 0: "
                   "every rank must run the same command",
                   r);
  }
  free(all);
  return st;
}

/* ---- shards ------------------------------------------------------------ */

/* Rank 0 cuts the sorted list into `size` contiguous shards of about equal
 * cost; bounds has size + 1 entries. */
static void choose_bounds(const es_corpus *c, int size, uint64_t *bounds) {
  uint64_t total = 0;
  for (size_t i = 0; i < c->n; i++)
    total += (uint64_t)(c->entries[i].bytes > 0 ? c->entries[i].bytes : 0) +
             FILE_COST_BYTES;
  uint64_t acc = 0;
  size_t i = 0;
  bounds[0] = 0;
  for (int r = 1; r < size; r++) {
    /* Shard r starts at the first entry past r/size of the cost. */
    uint64_t goal = (uint64_t)((double)total * r / size);
    while (i < c->n && acc < goal) {
      acc += (uint64_t)(c->entries[i].bytes > 0 ? c->entries[i].bytes : 0) +
             FILE_COST_BYTES;
      i++;
    }
    bounds[r] = i;
  }
  bounds[size] = c->n;
}

/* Signed 64-bit values (times can be before 1970) as unsigned varints. */
static uint64_t zigzag(int64_t v) {
  return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}
static int64_t unzigzag(uint64_t v) {
  return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* What load.c learnt about an entry; the row's id and path are known to
 * every rank already. */
static void pack_entry(const es_entry *e, es_pack_dict *dict, es_buf *out) {
  es_pack_uint(out, zigzag(e->bytes));
  es_pack_uint(out, e->has_ino);
  if (e->has_ino) {
    es_pack_uint(out, (uint64_t)e->dev);
    es_pack_uint(out, (uint64_t)e->ino);
    es_pack_uint(out, zigzag(e->size));
    es_pack_uint(out, zigzag(e->mtime_ns));
    es_pack_uint(out, zigzag(e->ctime_ns));
  }
  es_pack_uint(out, e->has_read_finding);
  if (e->has_read_finding) {
    es_pack_uint(out, (uint64_t)e->read_finding.code);
    es_pack_uint(out, e->read_finding.line);
    es_pack_str(out, e->read_message);
  }
  es_pack_uint(out, e->doc != NULL);
  if (e->doc)
    es_doc_pack(e->doc, ES_PACK_FULL, dict, out);
}

static bool unpack_entry(es_corpus *c, es_entry *e, const uint8_t *p,
                         size_t len, es_pool *pool, es_pack_dict *dict) {
  es_unpacker u = {p, len, 0, false};
  e->bytes = unzigzag(es_unpack_uint(&u));
  e->has_ino = es_unpack_uint(&u) != 0;
  if (e->has_ino) {
    e->dev = (dev_t)es_unpack_uint(&u);
    e->ino = (ino_t)es_unpack_uint(&u);
    e->size = unzigzag(es_unpack_uint(&u));
    e->mtime_ns = unzigzag(es_unpack_uint(&u));
    e->ctime_ns = unzigzag(es_unpack_uint(&u));
  }
  if (es_unpack_uint(&u)) {
    uint64_t code = es_unpack_uint(&u);
    u.bad |= code >= ES_CODE__COUNT;
    e->read_finding.code = (es_code)code;
    e->read_finding.line = (unsigned)es_unpack_uint(&u);
    size_t n;
    bool is_null;
    const char *m = es_unpack_bytes(&u, &n, &is_null);
    if (u.bad)
      return false;
    e->read_message = es__xstrndup(m ? m : "", n);
    e->read_finding.message = e->read_message;
    e->has_read_finding = true;
  }
  if (es_unpack_uint(&u) && !u.bad) {
    e->doc = es_doc_unpack(p, len, &u.pos, c->terms->strings, pool, dict);
    if (!e->doc)
      return false;
  }
  return !u.bad && u.pos == len;
}

/* Streams of records: per record its entry index, its length, then its
 * bytes; cut anywhere into messages, so a record may span several. A
 * stream goes to rank 0 (the shards) or to every rank (the thin
 * documents); an empty message ends it. */
typedef void (*send_fn)(const void *p, size_t n);

static void send_to_0(const void *p, size_t n) {
  es_comm_send(p, n, 0, TAG_SHARD);
}

static void send_to_all(const void *p, size_t n) {
  es_comm_bcast_piece(p, n, NULL, 0);
}

/* Append record `index` to the stream and send its whole pieces of
 * es_comm_chunk() bytes; the tail waits for the next record. */
static void put_record(es_buf *stream, size_t index, const es_buf *rec,
                       send_fn send) {
  es_pack_uint(stream, index);
  es_pack_uint(stream, rec->len);
  es_buf_put(stream, rec->data, rec->len);
  size_t chunk = es_comm_chunk(), off = 0;
  for (; stream->len - off >= chunk; off += chunk)
    send(stream->data + off, chunk);
  if (off) {
    memmove(stream->data, stream->data + off, stream->len - off);
    stream->len -= off;
  }
}

/* Send the stream's tail, then the empty message that ends it. */
static void end_stream(es_buf *stream, send_fn send) {
  if (stream->len)
    send(stream->data, stream->len);
  send("", 0);
}

/* Hand every whole record at the start of `pending` to fn (false: the
 * stream is corrupt) and drop it; the rest waits for the next message. */
typedef bool (*record_fn)(void *ctx, uint64_t index, const uint8_t *p,
                          size_t n);
static bool take_records(es_buf *pending, record_fn fn, void *ctx) {
  size_t done = 0;
  bool ok = true;
  while (ok) {
    es_unpacker u = {(const uint8_t *)pending->data, pending->len, done, false};
    uint64_t i = es_unpack_uint(&u), n = es_unpack_uint(&u);
    if (u.bad || n > pending->len - u.pos)
      break;
    ok = fn(ctx, i, u.p + u.pos, (size_t)n);
    done = u.pos + (size_t)n;
  }
  memmove(pending->data, pending->data + done, pending->len - done);
  pending->len -= done;
  return ok;
}

static void corrupt(int from) {
  fprintf(stderr,
          "essay-stats: MPI rank %d: the documents from rank %d arrived "
          "corrupt; stopping the job\n",
          es_comm_rank(), from);
  MPI_Abort(MPI_COMM_WORLD, ES_MPI_EXIT_ABORT);
}

/* ---- every shard to rank 0 (FULL documents) ---------------------------- */

/* A rank other than 0: stream entries [lo, hi) to rank 0, then an empty
 * message to end. */
static void send_shard(const es_corpus *c, size_t lo, size_t hi) {
  es_buf stream = ES_BUF_INIT, rec = ES_BUF_INIT;
  es_pack_dict dict = {0};
  for (size_t i = lo; i < hi; i++) {
    es_buf_clear(&rec);
    pack_entry(&c->entries[i], &dict, &rec);
    put_record(&stream, i, &rec, send_to_0);
  }
  end_stream(&stream, send_to_0);
  es_buf_free(&stream);
  es_buf_free(&rec);
  es_pack_dict_free(&dict);
}

typedef struct full_ctx {
  es_corpus *c;
  es_pool *pool;
  uint64_t lo, hi;    /* the sender's shard */
  es_pack_dict *dict; /* the sender's stream's */
} full_ctx;

static bool take_full(void *arg, uint64_t i, const uint8_t *p, size_t n) {
  full_ctx *x = arg;
  /* Each index of the sender's shard once. */
  return i >= x->lo && i < x->hi && !x->c->entries[i].doc &&
         !x->c->entries[i].has_read_finding &&
         unpack_entry(x->c, &x->c->entries[i], p, n, x->pool, x->dict);
}

/* Rank 0: take every other rank's stream, in whatever order messages
 * come; pending[r] holds rank r's bytes that do not make a whole record
 * yet. */
static void receive_shards(es_corpus *c, const uint64_t *bounds, int size) {
  es_pool *pool = es_corpus__new_pool(c);
  es_buf *pending = es__xcalloc((size_t)size, sizeof *pending);
  es_pack_dict *dicts = es__xcalloc((size_t)size, sizeof *dicts);
  es_buf msg = ES_BUF_INIT;
  for (int open = size - 1; open > 0;) {
    int from = es_comm_recv_any(&msg, TAG_SHARD);
    es_buf *b = &pending[from];
    if (msg.len == 0) {
      if (b->len)
        corrupt(from);
      open--;
      continue;
    }
    es_buf_put(b, msg.data, msg.len);
    full_ctx x = {c, pool, bounds[from], bounds[from + 1], &dicts[from]};
    if (!take_records(b, take_full, &x))
      corrupt(from);
  }
  for (int r = 0; r < size; r++) {
    es_buf_free(&pending[r]);
    es_pack_dict_free(&dicts[r]);
  }
  free(pending);
  free(dicts);
  es_buf_free(&msg);
}

/* ---- thin documents from rank 0 to every rank -------------------------- */

/* Rank 0: every analysed essay's THIN document, named by its index before
 * es_corpus__finish merged files (kept[] says which stayed). */
static void bcast_thin(const es_corpus *c, const uint8_t *kept, size_t n0) {
  es_buf stream = ES_BUF_INIT, rec = ES_BUF_INIT;
  es_pack_dict dict = {0};
  for (size_t i = 0, j = 0; i < n0; i++) {
    if (!kept[i])
      continue;
    const es_doc *d = c->entries[j++].doc;
    if (!d)
      continue;
    es_buf_clear(&rec);
    es_doc_pack(d, ES_PACK_THIN, &dict, &rec);
    put_record(&stream, i, &rec, send_to_all);
  }
  end_stream(&stream, send_to_all);
  es_buf_free(&stream);
  es_buf_free(&rec);
  es_pack_dict_free(&dict);
}

typedef struct thin_ctx {
  es_corpus *c;
  es_pool *pool;
  es_pack_dict dict;
} thin_ctx;

static bool take_thin(void *arg, uint64_t i, const uint8_t *p, size_t n) {
  thin_ctx *x = arg;
  if (i >= x->c->n || x->c->entries[i].doc)
    return false;
  size_t pos = 0;
  x->c->entries[i].doc =
      es_doc_unpack(p, n, &pos, x->c->terms->strings, x->pool, &x->dict);
  return x->c->entries[i].doc && pos == n;
}

/* A rank other than 0: rank 0's thin documents replace its own (sent
 * already), then it keeps the entries rank 0 kept. */
static void receive_thin(es_corpus *c, const uint8_t *kept) {
  thin_ctx x = {c, es_corpus__new_pool(c), {0}};
  es_buf msg = ES_BUF_INIT, pending = ES_BUF_INIT;
  while (es_comm_bcast_piece(NULL, 0, &msg, 0)) {
    es_buf_put(&pending, msg.data, msg.len);
    if (!take_records(&pending, take_thin, &x))
      corrupt(0);
  }
  if (pending.len)
    corrupt(0);
  es_buf_free(&msg);
  es_buf_free(&pending);
  es_pack_dict_free(&x.dict);
  es_corpus__keep(c, kept);
}

/* ---- the load ---------------------------------------------------------- */

es_status es_mpi_load(es_corpus *c, es_error *err) {
  ES_ASSERT_ARG(c);
  int rank = es_comm_rank(), size = es_comm_size();
  uint64_t *bounds = es__xmalloc(((size_t)size + 1) * sizeof *bounds);
  if (rank == 0)
    choose_bounds(c, size, bounds);
  MPI_Bcast(bounds, size + 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  size_t lo = (size_t)bounds[rank], hi = (size_t)bounds[rank + 1];

  es_comm_clock t = es_comm_clock_now();
  es_corpus__load_range(c, lo, hi);
  es_comm_clock_add(&es_comm__times.read, t);
  es_comm__times.essays = hi - lo;
  for (size_t i = lo; i < hi; i++)
    es_comm__times.bytes +=
        (uint64_t)(c->entries[i].bytes > 0 ? c->entries[i].bytes : 0);

  t = es_comm_clock_now();
  if (rank == 0)
    receive_shards(c, bounds, size);
  else
    send_shard(c, lo, hi);
  /* Rank 0 has them now: the shard's documents are no longer needed. */
  if (rank != 0)
    es_corpus__drop_docs(c);
  es_comm_clock_add(&es_comm__times.exchange, t);

  /* The other ranks share similarity and duplicates (the audit reads the
   * duplicates): they need every analysed essay's thin document and the
   * entries rank 0 kept. */
  size_t n0 = c->n;
  es_buf kept = ES_BUF_INIT;
  es_buf_reserve(&kept, n0);
  kept.len = n0;
  t = es_comm_clock_now();
  if (rank == 0)
    es_corpus__finish(c, (uint8_t *)kept.data);
  es_comm_clock_add(&es_comm__times.finish, t);
  bool share =
      size > 1 && (c->opts.load_needs &
                   (ES_NEED_SIMILARITY | ES_NEED_DUPLICATES | ES_NEED_AUDIT));
  if (share) {
    t = es_comm_clock_now();
    es_comm_bcast(&kept, 0);
    if (rank == 0)
      bcast_thin(c, (const uint8_t *)kept.data, n0);
    else
      receive_thin(c, (const uint8_t *)kept.data);
    es_comm_clock_add(&es_comm__times.exchange, t);
  }
  es_buf_free(&kept);
  free(bounds);
  return ES_OK;
}
