/* utf8.c - UTF-8 decoding and repair (Unicode Table 3-7, "maximal subpart"
 * replacement as recommended by Unicode chapter 3). */
#include "utf8.h"

#include <string.h>

/* What a lead byte promises: the sequence length (0 for a byte that
 * cannot start one) and the range the second byte must fall in (Unicode
 * Table 3-7: no overlongs, no surrogates, nothing past U+10FFFF). */
static size_t lead(unsigned c, unsigned *lo, unsigned *hi) {
  *lo = 0x80;
  *hi = 0xBF;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return 2;
  if (c >= 0xE0 && c <= 0xEF) {
    if (c == 0xE0)
      *lo = 0xA0;
    else if (c == 0xED)
      *hi = 0x9F;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (c == 0xF0)
      *lo = 0x90;
    else if (c == 0xF4)
      *hi = 0x8F;
    return 4;
  }
  return 0;
}

size_t es_utf8_valid_len(const unsigned char *s, size_t n) {
  unsigned lo, hi;
  size_t len = lead(s[0], &lo, &hi);
  if (len <= 1)
    return len;
  if (n < 2 || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (i >= n || (s[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

/* Length of the maximal subpart of an ill-formed sequence at s: the lead
 * byte and the continuation bytes that could still have followed it. */
static size_t bad_len(const unsigned char *s, size_t n) {
  unsigned lo, hi;
  size_t len = lead(s[0], &lo, &hi), i = 1;
  if (len <= 1)
    return 1;
  if (i < n && s[1] >= lo && s[1] <= hi) {
    i++;
    while (i < len && i < n && (s[i] & 0xC0) == 0x80)
      i++;
  }
  return i;
}

size_t es_utf8_decode(const unsigned char *s, size_t n, int32_t *cp) {
  size_t len = es_utf8_valid_len(s, n);
  switch (len) {
  case 1:
    *cp = s[0];
    return 1;
  case 2:
    *cp = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  case 3:
    *cp = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  case 4:
    *cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
          (s[3] & 0x3F);
    return 4;
  default:
    *cp = 0xFFFD;
    return 1;
  }
}

void es_utf8_encode(es_buf *b, int32_t cp) {
  char t[4];
  size_t n;
  if (cp < 0x80) {
    t[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    t[0] = (char)(0xC0 | (cp >> 6));
    t[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    t[0] = (char)(0xE0 | (cp >> 12));
    t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    t[0] = (char)(0xF0 | (cp >> 18));
    t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  es_buf_put(b, t, n);
}

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* Does the text need no repair at all? Eight bytes at a time while they
 * are ASCII without CR or NUL; multi-byte sequences are validated. */
static bool clean(const unsigned char *s, size_t n) {
  const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
  const uint64_t cr = ones * '\r';
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    return false;
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      uint64_t x = w ^ cr;
      /* A high bit, a zero byte or a CR byte: the lowest flag marks the
       * first such byte exactly (a borrow only flags bytes above it). */
      uint64_t flags =
          (w & high) | ((w - ones) & ~w & high) | ((x - ones) & ~x & high);
      if (!flags) {
        i += 8;
        continue;
      }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      i += (size_t)__builtin_ctzll(flags) / 8; /* straight to that byte */
#endif
    }
    if (s[i] == 0 || s[i] == '\r')
      return false;
    if (s[i] < 0x80) {
      i++;
      continue;
    }
    size_t len = es_utf8_valid_len(s + i, n - i);
    if (!len)
      return false;
    i += len;
  }
  return true;
}

const char *es_utf8_repair(const char *in, size_t n, es_buf *out,
                           size_t *out_len, size_t *nbad,
                           unsigned *first_bad_line) {
  const unsigned char *s = (const unsigned char *)in;
  size_t i = 0, bad = 0;
  unsigned line = 1;
  *first_bad_line = 0;
  *nbad = 0;
  if (clean(s, n)) {
    *out_len = n;
    return in;
  }
  es_buf_clear(out);
  es_buf_reserve(out, n);
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    i = 3;
  while (i < n) {
    /* Copy the run of bytes that need no attention in one go. */
    size_t j = i;
    while (j < n && s[j] < 0x80 && s[j] != '\r' && s[j] != 0) {
      if (s[j] == '\n')
        line++;
      j++;
    }
    if (j > i)
      es_buf_put(out, s + i, j - i);
    i = j;
    if (i >= n)
      break;
    unsigned c = s[i];
    if (c == '\r') {
      es_buf_putc(out, '\n');
      line++;
      i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
    } else if (c == 0) {
      if (!bad++)
        *first_bad_line = line;
      es_buf_put(out, REPLACEMENT, 3);
      i++;
    } else {
      size_t len = es_utf8_valid_len(s + i, n - i);
      if (len) {
        es_buf_put(out, s + i, len);
        i += len;
      } else {
        if (!bad++)
          *first_bad_line = line;
        es_buf_put(out, REPLACEMENT, 3);
        i += bad_len(s + i, n - i);
      }
    }
  }
  *nbad = bad;
  *out_len = out->len;
  return out->data ? out->data : "";
}

bool es_utf8_is_space(int32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  switch (cp) {
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
    return true;
  default:
    return cp >= 0x2000 && cp <= 0x200A;
  }
}

char *es_utf8_display(const char *s, size_t n) {
  es_buf b = ES_BUF_INIT;
  es_buf_reserve(&b, n);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    size_t len = es_utf8_valid_len(u + i, n - i);
    if (len) {
      es_buf_put(&b, u + i, len);
      i += len;
    } else {
      es_buf_put(&b, REPLACEMENT, 3);
      i += bad_len(u + i, n - i);
    }
  }
  return es_buf_detach(&b);
}
