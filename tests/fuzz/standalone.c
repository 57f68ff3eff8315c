/* standalone.c - replay a fuzz target's inputs without libFuzzer, so that
 * ctest runs the seed corpus under any compiler (as libgit2's
 * fuzzers/standalone_driver.c does).
 *
 * Usage: es_fuzz_replay PATH...   Each PATH is a file or a directory whose
 * files are replayed in name order, sub-directories included (dot names
 * skipped, symbolic links to directories not followed). A
 * PATH that does not exist is skipped, so an optional seed folder (data/)
 * may be named. Exit 0 when every input ran; a crash ends the process, as
 * it would under libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  size_t cap = 1 << 16, n = 0;
  uint8_t *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *p = realloc(buf, cap * 2);
      if (!p) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = p;
      cap *= 2;
    }
  }
  int bad = ferror(f) || !buf;
  fclose(f);
  if (bad) {
    free(buf);
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays one directory's regular files; returns the number run. */
static size_t run_dir(const char *dir, int *failed) {
  DIR *d = opendir(dir);
  if (!d) {
    *failed = 1;
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **p = realloc(names, cap * sizeof *names);
      if (!p)
        break;
      names = p;
    }
    names[n++] = strdup(de->d_name);
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp_name);
  size_t ran = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(dir) + strlen(names[i]) + 2;
    char *path = malloc(len);
    snprintf(path, len, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      *failed |= run_file(path);
      ran++;
    } else if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      ran += run_dir(path, failed);
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return ran;
}

int main(int argc, char **argv) {
  int failed = 0;
  size_t ran = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0)
      continue; /* an optional seed folder that is absent */
    if (S_ISDIR(st.st_mode)) {
      ran += run_dir(argv[i], &failed);
    } else {
      failed |= run_file(argv[i]);
      ran++;
    }
  }
  printf("replayed %zu inputs\n", ran);
  return failed;
}
