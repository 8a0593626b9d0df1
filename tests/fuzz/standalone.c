/* standalone.c: a main() for the fuzz targets when they are built without libFuzzer (gcc, the
 * ordinary build and the sanitizer build), so that `meson test --suite fuzz` runs every target in
 * CI. It feeds the target every file of the given folders (or the given files), sorted by name,
 * then N mutations of each: bit flips, byte changes, truncations, insertions, deletions, copies
 * and splices with another input, drawn from a seeded generator, so every run is the same run.
 *
 * When the target stops the process (a failed CHECK, a crash, a sanitizer report), the input it
 * was given is written to ./fuzz-failure-<target>-<n> and its name printed; run the target on
 * that file alone (or with libFuzzer) to reproduce.
 *
 * Usage: fuzz-<target> [--mutations=N] [--seed=S] [--quiet] FOLDER|FILE...  */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Set by AddressSanitizer and UBSan builds; absent (NULL) in a plain one. */
extern void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

typedef struct
{
  char *path;
  uint8_t *data;
  size_t size;
} input;

/* The input being run, for the failure handler. */
static const uint8_t *current_data;
static size_t current_size;
static char failure_path[4096];

static void
save_current_input (void)
{
  if (!current_data)
    return;
  int fd = open (failure_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0)
    {
      size_t done = 0;
      while (done < current_size)
        {
          ssize_t n = write (fd, current_data + done, current_size - done);
          if (n <= 0)
            break;
          done += (size_t) n;
        }
      close (fd);
    }
  static const char said[] = "\nfuzz: the failing input is saved as ";
  if (write (2, said, sizeof said - 1) < 0 || write (2, failure_path, strlen (failure_path)) < 0
      || write (2, "\n", 1) < 0)
    return;
}

static void
on_fatal_signal (int sig)
{
  save_current_input ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* ---- Inputs --------------------------------------------------------------------------------- */

/* The driver's own memory: running out is not a finding, so it says so and stops. */
static void *
checked (void *p)
{
  if (!p)
    {
      fprintf (stderr, "fuzz: out of memory in the driver\n");
      exit (2);
    }
  return p;
}

static int
read_file (const char *path, input *in)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    return 0;
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc (cap);
  size_t got;
  while (buf && (got = fread (buf + n, 1, cap - n, f)) > 0)
    {
      n += got;
      if (n == cap)
        {
          uint8_t *bigger = realloc (buf, cap *= 2);
          if (!bigger)
            free (buf);
          buf = bigger;
        }
    }
  int ok = buf && !ferror (f);
  fclose (f);
  if (!ok)
    {
      free (buf);
      return 0;
    }
  in->path = checked (strdup (path));
  in->data = buf;
  in->size = n;
  return 1;
}

static int
compare_paths (const void *a, const void *b)
{
  return strcmp (((const input *) a)->path, ((const input *) b)->path);
}

/* Adds path (a file, or a folder's regular files, not recursively) to the list. */
static int
collect (const char *path, input **list, size_t *n, size_t *cap)
{
  struct stat st;
  if (stat (path, &st) != 0)
    {
      fprintf (stderr, "fuzz: %s: %s\n", path, strerror (errno));
      return 0;
    }
  char **names = NULL;
  size_t n_names = 0;
  if (S_ISDIR (st.st_mode))
    {
      DIR *dir = opendir (path);
      if (!dir)
        {
          fprintf (stderr, "fuzz: %s: %s\n", path, strerror (errno));
          return 0;
        }
      struct dirent *e;
      while ((e = readdir (dir)))
        {
          if (e->d_name[0] == '.')
            continue;
          char *full = checked (malloc (strlen (path) + strlen (e->d_name) + 2));
          sprintf (full, "%s/%s", path, e->d_name);
          struct stat fst;
          if (stat (full, &fst) == 0 && S_ISREG (fst.st_mode))
            {
              names = checked (realloc (names, (n_names + 1) * sizeof *names));
              names[n_names++] = full;
            }
          else
            free (full);
        }
      closedir (dir);
    }
  else
    {
      names = checked (malloc (sizeof *names));
      names[n_names++] = checked (strdup (path));
    }
  for (size_t i = 0; i < n_names; i++)
    {
      if (*n == *cap)
        *list = checked (realloc (*list, (*cap = *cap ? 2 * *cap : 64) * sizeof **list));
      if (!read_file (names[i], &(*list)[*n]))
        {
          fprintf (stderr, "fuzz: cannot read %s\n", names[i]);
          return 0;
        }
      (*n)++;
      free (names[i]);
    }
  free (names);
  return 1;
}

/* ---- Seeded mutations ----------------------------------------------------------------------- */

/* SplitMix64: the mutation of (seed, input, round) depends on those three numbers only, so a
 * failure found in CI is found again by the same command anywhere. */
static uint64_t
next_random (uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static size_t
below (uint64_t *state, size_t n)
{
  return n ? (size_t) (next_random (state) % n) : 0;
}

/* Writes a mutation of inputs[which] into buf (capacity cap) and returns its size. */
static size_t
mutate (const input *inputs, size_t n_inputs, size_t which, uint64_t *rng, uint8_t *buf,
        size_t cap)
{
  const input *in = &inputs[which];
  size_t size = in->size < cap ? in->size : cap;
  memcpy (buf, in->data, size);
  int edits = 1 + (int) below (rng, 4);
  static const uint8_t interesting[] = { 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff };
  for (int e = 0; e < edits; e++)
    {
      switch (below (rng, 8))
        {
        case 0: /* flip one bit */
          if (size)
            buf[below (rng, size)] ^= (uint8_t) (1u << below (rng, 8));
          break;
        case 1: /* one byte to a random or a boundary value */
          if (size)
            buf[below (rng, size)] = below (rng, 2) ? (uint8_t) next_random (rng)
                                                    : interesting[below (rng, sizeof interesting)];
          break;
        case 2: /* cut the end off */
          size = below (rng, size + 1);
          break;
        case 3: /* insert up to 16 random bytes */
          {
            size_t at = below (rng, size + 1), len = 1 + below (rng, 16);
            if (size + len > cap)
              break;
            memmove (buf + at + len, buf + at, size - at);
            for (size_t i = 0; i < len; i++)
              buf[at + i] = (uint8_t) next_random (rng);
            size += len;
          }
          break;
        case 4: /* delete up to 32 bytes */
          if (size)
            {
              size_t at = below (rng, size), len = 1 + below (rng, 32);
              if (len > size - at)
                len = size - at;
              memmove (buf + at, buf + at + len, size - at - len);
              size -= len;
            }
          break;
        case 5: /* copy a stretch of the input over another place of it */
          if (size > 1)
            {
              size_t from = below (rng, size), to = below (rng, size), len = 1 + below (rng, 64);
              if (len > size - from)
                len = size - from;
              if (len > size - to)
                len = size - to;
              memmove (buf + to, buf + from, len);
            }
          break;
        case 6: /* splice: the head of this input, the tail of another */
          {
            const input *other = &inputs[below (rng, n_inputs)];
            size_t head = below (rng, size + 1), tail_from = below (rng, other->size + 1);
            size_t len = other->size - tail_from;
            if (head + len > cap)
              len = cap - head;
            memcpy (buf + head, other->data + tail_from, len);
            size = head + len;
          }
          break;
        default: /* a run of bytes to 0x00 or 0xff */
          if (size)
            {
              size_t at = below (rng, size), len = 1 + below (rng, 16);
              if (len > size - at)
                len = size - at;
              memset (buf + at, below (rng, 2) ? 0xff : 0x00, len);
            }
          break;
        }
    }
  return size;
}

/* ---- Main ----------------------------------------------------------------------------------- */

static void
run_one (const uint8_t *data, size_t size)
{
  /* Each input in a buffer of its own size, so that AddressSanitizer sees a read past its end. */
  uint8_t *copy = checked (malloc (size ? size : 1));
  memcpy (copy, data, size);
  current_data = copy;
  current_size = size;
  LLVMFuzzerTestOneInput (copy, size);
  current_data = NULL;
  current_size = 0;
  free (copy);
}

int
main (int argc, char **argv)
{
  long mutations = 0;
  uint64_t seed = 1;
  int quiet = 0;
  input *inputs = NULL;
  size_t n_inputs = 0, cap = 0;
  const char *name = strrchr (argv[0], '/') ? strrchr (argv[0], '/') + 1 : argv[0];

  for (int i = 1; i < argc; i++)
    {
      if (strncmp (argv[i], "--mutations=", 12) == 0)
        mutations = strtol (argv[i] + 12, NULL, 10);
      else if (strncmp (argv[i], "--seed=", 7) == 0)
        seed = strtoull (argv[i] + 7, NULL, 10);
      else if (strcmp (argv[i], "--quiet") == 0)
        quiet = 1;
      else if (argv[i][0] == '-' && argv[i][1] == '-')
        {
          fprintf (stderr, "usage: %s [--mutations=N] [--seed=S] [--quiet] FOLDER|FILE...\n",
                   name);
          return 2;
        }
      else if (!collect (argv[i], &inputs, &n_inputs, &cap))
        return 1;
    }
  if (n_inputs == 0)
    {
      fprintf (stderr, "%s: no input files\n", name);
      return 1;
    }
  qsort (inputs, n_inputs, sizeof *inputs, compare_paths);

  snprintf (failure_path, sizeof failure_path, "fuzz-failure-%s-%ld", name, (long) getpid ());
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback (save_current_input);
  signal (SIGABRT, on_fatal_signal);
  signal (SIGSEGV, on_fatal_signal);
  signal (SIGBUS, on_fatal_signal);
  signal (SIGFPE, on_fatal_signal);
  signal (SIGILL, on_fatal_signal);

  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  size_t largest = 0;
  for (size_t i = 0; i < n_inputs; i++)
    {
      if (!quiet)
        fprintf (stderr, "%s: %s (%zu bytes)\n", name, inputs[i].path, inputs[i].size);
      run_one (inputs[i].data, inputs[i].size);
      if (inputs[i].size > largest)
        largest = inputs[i].size;
    }

  /* Room for a splice of the two largest inputs and the insertions. */
  size_t buf_cap = 2 * largest + 256;
  uint8_t *buf = checked (malloc (buf_cap));
  long runs = 0;
  for (size_t i = 0; i < n_inputs && mutations > 0; i++)
    for (long m = 0; m < mutations; m++)
      {
        uint64_t rng = seed * 0x100000001B3u ^ ((uint64_t) i << 32) ^ (uint64_t) m;
        next_random (&rng);
        size_t size = mutate (inputs, n_inputs, i, &rng, buf, buf_cap);
        run_one (buf, size);
        runs++;
      }
  free (buf);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  double seconds = (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec);
  printf ("%s: %zu inputs and %ld mutations (seed %llu) ran in %.2f s: ok\n", name, n_inputs,
          runs, (unsigned long long) seed, seconds);
  for (size_t i = 0; i < n_inputs; i++)
    {
      free (inputs[i].path);
      free (inputs[i].data);
    }
  free (inputs);
  return 0;
}
