/* recipe.c: the augmentation recipe language of mc_augment.h: the parser with its error messages,
 * the drawing of a variant's ranges into a concrete plan from (seed, variant, repeat), and the
 * plan's text. Numbers are read and written with integer arithmetic only, so neither parsing
 * nor printing depends on the C locale (a GIMP plug-in may run with a decimal comma). */
#include "mc_augment.h"

#include "mc_rng.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INT_DIGITS 6
#define MAX_FRAC_DIGITS 9
/* A drawn value has at most as many decimals as a number may be written with, so that a plan's
 * text (layer names, the manifest) always parses back. */
#define MAX_DRAW_DECIMALS MAX_FRAC_DIGITS
#define MAX_SLUG 120

/* Random streams: tag, variant, operation and repeat packed so that no two draws share one. */
#define STREAM_VALUE 0xA1u
#define STREAM_ERASE_PLACE 0xA2u

/* A number exactly as written: units / 10^decimals (|units| < 10^15, so value is exact). */
typedef struct
{
  int64_t units;
  int decimals;
  double value;
} decimal;

typedef struct
{
  mc_aug_kind kind;
  decimal lo, hi; /* lo == hi for a fixed number */
  int is_range;
  int layer;      /* mix: index into the recipe's layer names; -1 otherwise */
} op_spec;

typedef struct
{
  int n_ops;
  op_spec ops[MC_RECIPE_MAX_OPS];
  char *text;
  char *slug;
} variant_spec;

struct mc_recipe
{
  int n_variants;
  int variants_capacity;
  variant_spec *variants;
  int n_layers;
  char **layers;
};

/* What each operation takes: its keyword, its number's meaning and accepted range. */
typedef struct
{
  const char *name;
  mc_aug_kind kind;
  const char *arg; /* the number's name and unit, for messages; NULL for flip */
  int min, max;
} op_info;

static const op_info op_table[] = {
  { "rotate", MC_AUG_ROTATE, "DEG, degrees counter-clockwise", -360, 360 },
  { "flip", MC_AUG_FLIP_H, NULL, 0, 0 },
  { "blur", MC_AUG_BLUR, "SIGMA, px", 0, 100 },
  { "brightness", MC_AUG_BRIGHTNESS, "D, added to R, G, B", -1, 1 },
  { "contrast", MC_AUG_CONTRAST, "F, factor about mid-grey", 0, 10 },
  { "saturation", MC_AUG_SATURATION, "F, factor", 0, 10 },
  { "hue", MC_AUG_HUE, "DEG, degrees", -360, 360 },
  { "erase", MC_AUG_ERASE, "FRACTION of the area", 0, 1 },
  { "mix", MC_AUG_MIX, "ALPHA", 0, 1 },
};
#define N_OPS ((int) (sizeof op_table / sizeof op_table[0]))
#define OP_LIST "rotate, flip, blur, brightness, contrast, saturation, hue, erase, mix"

static const op_info *
op_info_of (mc_aug_kind kind)
{
  if (kind == MC_AUG_FLIP_V)
    kind = MC_AUG_FLIP_H;
  for (int i = 0; i < N_OPS; i++)
    if (op_table[i].kind == kind)
      return &op_table[i];
  return NULL;
}

const char *
mc_aug_kind_name (mc_aug_kind kind)
{
  const op_info *info = op_info_of (kind);
  return info ? info->name : "?";
}

int
mc_aug_kind_is_geometric (mc_aug_kind kind)
{
  return kind == MC_AUG_ROTATE || kind == MC_AUG_FLIP_H || kind == MC_AUG_FLIP_V;
}

static const int64_t pow10_table[] = { 1,
                                       10,
                                       100,
                                       1000,
                                       10000,
                                       100000,
                                       1000000,
                                       10000000,
                                       100000000,
                                       1000000000,
                                       10000000000,
                                       100000000000 };

/* ---- Text building, with snprintf's contract: len counts the whole text even when cut ---- */

typedef struct
{
  char *buf;
  size_t size;
  size_t len;
} textbuf;

static void
tb_putc (textbuf *tb, char c)
{
  if (tb->len + 1 < tb->size)
    tb->buf[tb->len] = c;
  tb->len++;
}

static void
tb_puts (textbuf *tb, const char *s)
{
  while (*s)
    tb_putc (tb, *s++);
}

static void
tb_finish (textbuf *tb)
{
  if (tb->size > 0)
    tb->buf[tb->len < tb->size ? tb->len : tb->size - 1] = '\0';
}

static void
tb_put_decimal (textbuf *tb, int64_t units, int decimals)
{
  if (decimals < 0 || decimals > MAX_DRAW_DECIMALS)
    decimals = 0; /* a hand-made plan out of range: print the units */
  if (units < 0)
    tb_putc (tb, '-');
  uint64_t mag = units < 0 ? (uint64_t) 0 - (uint64_t) units : (uint64_t) units;
  char digits[24];
  int n = 0;
  do /* least significant first, at least decimals + 1 digits */
    {
      digits[n++] = (char) ('0' + mag % 10);
      mag /= 10;
    }
  while (mag > 0 || n <= decimals);
  while (n > 0)
    {
      if (n == decimals)
        tb_putc (tb, '.');
      tb_putc (tb, digits[--n]);
    }
}

static int
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A layer name that can stand bare: not empty, no blank, quote, backslash, ';' or '+'. */
static int
name_is_bare (const char *name)
{
  if (!*name)
    return 0;
  for (const char *s = name; *s; s++)
    if (is_blank (*s) || *s == '"' || *s == '\\' || *s == ';' || *s == '+')
      return 0;
  return 1;
}

static void
tb_put_layer (textbuf *tb, const char *name)
{
  if (name_is_bare (name))
    {
      tb_puts (tb, name);
      return;
    }
  tb_putc (tb, '"');
  for (const char *s = name; *s; s++)
    {
      if (*s == '"' || *s == '\\')
        tb_putc (tb, '\\');
      tb_putc (tb, *s);
    }
  tb_putc (tb, '"');
}

/* "blur 0..2", "flip h", "mix \"Layer 2\" 0.3": one operation as recipe text. */
static void
tb_put_op (textbuf *tb, mc_aug_kind kind, const char *layer, int64_t lo_units, int lo_decimals,
           int is_range, int64_t hi_units, int hi_decimals)
{
  tb_puts (tb, mc_aug_kind_name (kind));
  if (kind == MC_AUG_FLIP_H || kind == MC_AUG_FLIP_V)
    {
      tb_puts (tb, kind == MC_AUG_FLIP_H ? " h" : " v");
      return;
    }
  tb_putc (tb, ' ');
  if (kind == MC_AUG_MIX)
    {
      tb_put_layer (tb, layer);
      tb_putc (tb, ' ');
    }
  tb_put_decimal (tb, lo_units, lo_decimals);
  if (is_range)
    {
      tb_puts (tb, "..");
      tb_put_decimal (tb, hi_units, hi_decimals);
    }
}

/* ---- Parsing ------------------------------------------------------------------------------ */

typedef struct
{
  const char *text;
  size_t len;
  size_t pos;
  int variant; /* 1-based, for messages */
  mc_recipe_error *err;
  mc_recipe *recipe;
} parser;

/* 1-based column in characters: UTF-8 continuation bytes do not count. */
static int
column_of (const char *text, size_t at)
{
  int col = 1;
  for (size_t i = 0; i < at; i++)
    if (((unsigned char) text[i] & 0xC0) != 0x80)
      col++;
  return col;
}

/* End of the word starting at `at`: up to a blank, ';', '+' or the end; a lone ';' or '+' is a
 * word of its own, so that "found ';'" can be said. */
static size_t
token_end (const parser *p, size_t at)
{
  size_t e = at;
  while (e < p->len && !is_blank (p->text[e]) && p->text[e] != ';' && p->text[e] != '+')
    e++;
  if (e == at && at < p->len)
    e++;
  return e;
}

/* Records the first fault: code, column of `at`, the text [at, end) and a message built from
 * fmt, in which every "%F" stands for the found text ("'abc'" or "the end of the recipe"). */
static mc_status
fail (parser *p, mc_recipe_error_code code, size_t at, size_t end, const char *fmt, ...)
{
  mc_recipe_error *err = p->err;
  if (!err)
    return MC_ERR_PARSE;
  memset (err, 0, sizeof *err);
  err->code = code;
  err->column = column_of (p->text, at);
  err->variant = p->variant;
  size_t n = end > at ? end - at : 0;
  if (n > 60)
    {
      n = 60;
      while (n > 0 && ((unsigned char) p->text[at + n] & 0xC0) == 0x80)
        n--; /* never cut inside a UTF-8 character */
    }
  memcpy (err->found, p->text + at, n);
  err->found[n] = '\0';

  char found_words[80];
  if (at >= p->len)
    snprintf (found_words, sizeof found_words, "the end of the recipe");
  else
    snprintf (found_words, sizeof found_words, "'%s'", err->found);

  /* Replace %F first, then let vsnprintf fill the rest. */
  char pattern[384];
  size_t o = 0;
  for (const char *f = fmt; *f && o + 1 < sizeof pattern; f++)
    {
      if (f[0] == '%' && f[1] == 'F')
        {
          for (const char *s = found_words; *s && o + 2 < sizeof pattern; s++)
            {
              if (*s == '%')
                pattern[o++] = '%'; /* a '%' in the recipe must print as itself */
              pattern[o++] = *s;
            }
          f++;
        }
      else
        pattern[o++] = *f;
    }
  pattern[o] = '\0';

  char body[320];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (body, sizeof body, pattern, ap);
  va_end (ap);
  if (code == MC_RECIPE_ERR_EMPTY || (code == MC_RECIPE_ERR_TOO_LONG && at == 0))
    snprintf (err->message, sizeof err->message, "recipe: %s", body);
  else
    snprintf (err->message, sizeof err->message, "recipe column %d: %s", err->column, body);
  return MC_ERR_PARSE;
}

static void
skip_blanks (parser *p)
{
  while (p->pos < p->len && is_blank (p->text[p->pos]))
    p->pos++;
}

static int
at_separator (const parser *p)
{
  return p->pos >= p->len || p->text[p->pos] == ';' || p->text[p->pos] == '+';
}

static int
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* Reads one number at p->pos: [-] digits [. digits] | [-] . digits ('+' separates operations, so
 * it is no sign). Returns 1 and advances when one is there, 0 (pos unchanged) when none, -1
 * (after reporting) when it has too many digits. */
static int
scan_number (parser *p, decimal *d)
{
  size_t at = p->pos, i = at;
  int negative = 0;
  if (i < p->len && p->text[i] == '-')
    {
      negative = 1;
      i++;
    }
  int int_digits = 0, frac_digits = 0;
  int64_t units = 0;
  while (i < p->len && is_digit (p->text[i]))
    {
      if (++int_digits <= MAX_INT_DIGITS)
        units = units * 10 + (p->text[i] - '0');
      i++;
    }
  /* A '.' belongs to the number only when a digit follows ("1..2" is a range, "1." is not). */
  if (i + 1 < p->len && p->text[i] == '.' && is_digit (p->text[i + 1]))
    {
      i++;
      while (i < p->len && is_digit (p->text[i]))
        {
          if (++frac_digits <= MAX_FRAC_DIGITS)
            units = units * 10 + (p->text[i] - '0');
          i++;
        }
    }
  if (int_digits + frac_digits == 0)
    return 0;
  if (int_digits > MAX_INT_DIGITS || frac_digits > MAX_FRAC_DIGITS)
    {
      fail (p, MC_RECIPE_ERR_NUMBER_FORMAT, at, i,
            "number %F has too many digits; expected at most %d before and %d after the "
            "decimal point",
            MAX_INT_DIGITS, MAX_FRAC_DIGITS);
      return -1;
    }
  p->pos = i;
  d->units = negative ? -units : units;
  d->decimals = frac_digits;
  /* Both operands are exact doubles (|units| < 2^53), so the quotient is the correctly rounded
   * value of the decimal, as strtod would give in the C locale. */
  d->value = (double) d->units / (double) pow10_table[frac_digits];
  return 1;
}

/* Reads NUM (a number or a range a..b) for operation info into spec; context is added to the
 * messages where the operation has more than one argument (" after the layer name"). */
static mc_status
parse_num (parser *p, const op_info *info, const char *context, op_spec *spec)
{
  skip_blanks (p);
  size_t at = p->pos;
  if (at_separator (p))
    return fail (p, MC_RECIPE_ERR_MISSING_NUMBER, at, token_end (p, at),
                 "'%s' needs a number (%s, %d..%d)%s; found %F", info->name, info->arg, info->min,
                 info->max, context);
  int got = scan_number (p, &spec->lo);
  if (got < 0)
    return MC_ERR_PARSE;
  spec->hi = spec->lo;
  spec->is_range = 0;
  size_t after_lo = p->pos;
  skip_blanks (p); /* "-30 .. 30" is a range too */
  if (got > 0 && p->pos + 2 <= p->len && p->text[p->pos] == '.' && p->text[p->pos + 1] == '.')
    {
      p->pos += 2;
      skip_blanks (p);
      got = scan_number (p, &spec->hi);
      if (got < 0)
        return MC_ERR_PARSE;
      spec->is_range = 1;
    }
  else
    p->pos = after_lo;
  /* The number must end where the word ends: "2x", "1e5", "3.." are not numbers. */
  if (got == 0 || !(p->pos >= p->len || is_blank (p->text[p->pos]) || p->text[p->pos] == ';'
                    || p->text[p->pos] == '+'))
    {
      size_t end = p->pos > at ? p->pos : at;
      while (end < p->len && !is_blank (p->text[end]) && p->text[end] != ';' && p->text[end] != '+')
        end++;
      if (end == at)
        end = token_end (p, at);
      return fail (p, MC_RECIPE_ERR_NOT_A_NUMBER, at, end,
                   "'%s' expected a number or a range a..b (%s, %d..%d)%s; found %F", info->name,
                   info->arg, info->min, info->max, context);
    }
  size_t end = p->pos;
  if (spec->lo.value < info->min || spec->lo.value > info->max || spec->hi.value < info->min
      || spec->hi.value > info->max)
    return fail (p, MC_RECIPE_ERR_OUT_OF_RANGE, at, end,
                 "'%s' number %F is out of range; expected %d..%d (%s)", info->name, info->min,
                 info->max, info->arg);
  if (spec->hi.value < spec->lo.value)
    return fail (p, MC_RECIPE_ERR_REVERSED_RANGE, at, end,
                 "range %F is reversed; expected the smaller end first (a..b with a <= b)");
  return MC_OK;
}

/* Returns the index of name in the recipe's layer list, adding it when new; -1 on no memory. */
static int
intern_layer (mc_recipe *r, const char *name, size_t n)
{
  for (int i = 0; i < r->n_layers; i++)
    if (strlen (r->layers[i]) == n && memcmp (r->layers[i], name, n) == 0)
      return i;
  char **grown = realloc (r->layers, (size_t) (r->n_layers + 1) * sizeof *grown);
  if (!grown)
    return -1;
  r->layers = grown;
  char *copy = malloc (n + 1);
  if (!copy)
    return -1;
  memcpy (copy, name, n);
  copy[n] = '\0';
  r->layers[r->n_layers] = copy;
  return r->n_layers++;
}

/* Reads LAYER: a bare word or a quoted name with \" and \\ escapes. */
static mc_status
parse_layer (parser *p, op_spec *spec)
{
  skip_blanks (p);
  size_t at = p->pos;
  if (at_separator (p))
    return fail (p, MC_RECIPE_ERR_MISSING_LAYER, at, token_end (p, at),
                 "'mix' needs a layer name and an alpha, e.g. mix \"Layer 2\" 0.3; found %F");
  char *name = malloc (p->len - at + 1);
  if (!name)
    return MC_ERR_NOMEM;
  size_t n = 0;
  if (p->text[at] == '"')
    {
      size_t i = at + 1;
      while (i < p->len && p->text[i] != '"')
        {
          if (p->text[i] == '\\' && i + 1 < p->len)
            i++;
          name[n++] = p->text[i++];
        }
      if (i >= p->len)
        {
          free (name);
          return fail (p, MC_RECIPE_ERR_UNCLOSED_QUOTE, at, p->len,
                       "layer name %F has no closing '\"'");
        }
      p->pos = i + 1;
      if (n == 0)
        {
          free (name);
          return fail (p, MC_RECIPE_ERR_MISSING_LAYER, at, p->pos,
                       "'mix' needs a layer name, found the empty name %F");
        }
    }
  else
    {
      size_t end = token_end (p, at);
      while (p->pos < end && p->text[p->pos] != '"')
        name[n++] = p->text[p->pos++];
    }
  spec->layer = intern_layer (p->recipe, name, n);
  free (name);
  return spec->layer < 0 ? MC_ERR_NOMEM : MC_OK;
}

static int
word_equals (const char *word, size_t n, const char *keyword)
{
  if (strlen (keyword) != n)
    return 0;
  for (size_t i = 0; i < n; i++)
    {
      char c = word[i];
      if (c >= 'A' && c <= 'Z')
        c = (char) (c - 'A' + 'a'); /* ASCII only: tolower would follow the locale */
      if (c != keyword[i])
        return 0;
    }
  return 1;
}

static mc_status
parse_flip_axis (parser *p, op_spec *spec)
{
  skip_blanks (p);
  size_t at = p->pos, end = token_end (p, at);
  if (!at_separator (p) && word_equals (p->text + at, end - at, "h"))
    spec->kind = MC_AUG_FLIP_H;
  else if (!at_separator (p) && word_equals (p->text + at, end - at, "v"))
    spec->kind = MC_AUG_FLIP_V;
  else
    return fail (p, MC_RECIPE_ERR_FLIP_AXIS, at, end,
                 "'flip' expected 'h' (left-right) or 'v' (top-bottom); found %F");
  p->pos = end;
  return MC_OK;
}

/* One operation, starting at a non-blank character that is not a separator. */
static mc_status
parse_operation (parser *p, op_spec *spec)
{
  size_t at = p->pos, end = token_end (p, at);
  const op_info *info = NULL;
  for (int i = 0; i < N_OPS && !info; i++)
    if (word_equals (p->text + at, end - at, op_table[i].name))
      info = &op_table[i];
  if (!info)
    return fail (p, MC_RECIPE_ERR_UNKNOWN_OP, at, end,
                 "unknown operation %F; expected one of " OP_LIST);
  p->pos = end;
  memset (spec, 0, sizeof *spec);
  spec->kind = info->kind;
  spec->layer = -1;
  if (info->kind == MC_AUG_FLIP_H)
    return parse_flip_axis (p, spec);
  if (info->kind == MC_AUG_MIX)
    {
      mc_status s = parse_layer (p, spec);
      if (s != MC_OK)
        return s;
      return parse_num (p, info, " after the layer name", spec);
    }
  return parse_num (p, info, "", spec);
}

static void
spec_text (textbuf *tb, const mc_recipe *r, const variant_spec *v)
{
  for (int i = 0; i < v->n_ops; i++)
    {
      const op_spec *o = &v->ops[i];
      if (i > 0)
        tb_puts (tb, " + ");
      tb_put_op (tb, o->kind, o->layer >= 0 ? r->layers[o->layer] : NULL, o->lo.units,
                 o->lo.decimals, o->is_range, o->hi.units, o->hi.decimals);
    }
}

/* Lower case, [a-z0-9.-] kept, every other run of characters one '_'. */
static void
make_slug (const char *text, char *slug, size_t size)
{
  size_t n = 0;
  for (const char *s = text; *s && n + 1 < size; s++)
    {
      char c = *s;
      if (c >= 'A' && c <= 'Z')
        c = (char) (c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || is_digit (c) || c == '.' || c == '-')
        slug[n++] = c;
      else if (n > 0 && slug[n - 1] != '_')
        slug[n++] = '_';
    }
  while (n > 0 && slug[n - 1] == '_')
    n--;
  slug[n] = '\0';
}

static int
slug_taken (const mc_recipe *r, int upto, const char *slug)
{
  for (int i = 0; i < upto; i++)
    if (strcmp (r->variants[i].slug, slug) == 0)
      return 1;
  return 0;
}

/* Fills the variant's text and unique slug once its operations are known. A repeated variant
 * gets "-k", k one more than the earlier variants with the same text, so a long recipe of
 * repeats costs no more than one scan per variant. */
static mc_status
finish_variant (mc_recipe *r, int index)
{
  variant_spec *v = &r->variants[index];
  textbuf tb = { NULL, 0, 0 };
  spec_text (&tb, r, v);
  v->text = malloc (tb.len + 1);
  v->slug = malloc (MAX_SLUG + 16);
  if (!v->text || !v->slug)
    return MC_ERR_NOMEM;
  tb = (textbuf){ v->text, tb.len + 1, 0 };
  spec_text (&tb, r, v);
  tb_finish (&tb);
  char base[MAX_SLUG + 1];
  make_slug (v->text, base, sizeof base);
  int same = 0;
  for (int i = 0; i < index; i++)
    same += strcmp (r->variants[i].text, v->text) == 0;
  if (same == 0)
    snprintf (v->slug, MAX_SLUG + 16, "%s", base);
  else
    snprintf (v->slug, MAX_SLUG + 16, "%s-%d", base, same + 1);
  for (int k = same + 2; slug_taken (r, index, v->slug); k++)
    snprintf (v->slug, MAX_SLUG + 16, "%s-%d", base, k);
  return MC_OK;
}

static mc_status
add_variant (parser *p)
{
  mc_recipe *r = p->recipe;
  if (r->n_variants >= MC_RECIPE_MAX_VARIANTS)
    return fail (p, MC_RECIPE_ERR_TOO_LONG, p->pos, token_end (p, p->pos),
                 "more than %d variants; expected at most %d", MC_RECIPE_MAX_VARIANTS,
                 MC_RECIPE_MAX_VARIANTS);
  if (r->n_variants == r->variants_capacity)
    {
      /* Doubling: a long recipe is not copied over and over. */
      int capacity = r->variants_capacity ? 2 * r->variants_capacity : 4;
      variant_spec *grown = realloc (r->variants, (size_t) capacity * sizeof *grown);
      if (!grown)
        return MC_ERR_NOMEM;
      r->variants = grown;
      r->variants_capacity = capacity;
    }
  memset (&r->variants[r->n_variants], 0, sizeof r->variants[0]);
  r->n_variants++;
  return MC_OK;
}

/* variant = operation { "+" operation }, ending at ';' or the end. */
static mc_status
parse_variant (parser *p)
{
  mc_status s = add_variant (p);
  if (s != MC_OK)
    return s;
  variant_spec *v = &p->recipe->variants[p->recipe->n_variants - 1];
  skip_blanks (p);
  if (p->pos >= p->len || p->text[p->pos] == ';')
    {
      if (p->pos >= p->len)
        return fail (p, MC_RECIPE_ERR_EMPTY_VARIANT, p->pos, p->pos,
                     "variant %d is empty (nothing after the last ';'); expected an operation "
                     "or no ';' at the end",
                     p->variant);
      return fail (p, MC_RECIPE_ERR_EMPTY_VARIANT, p->pos, p->pos + 1,
                   "variant %d is empty (found %F before any operation); expected an operation",
                   p->variant);
    }
  for (;;)
    {
      skip_blanks (p);
      if (at_separator (p))
        {
          size_t plus = p->pos;
          if (v->n_ops == 0)
            return fail (p, MC_RECIPE_ERR_EMPTY_OPERATION, plus, plus + 1,
                         "found %F with no operation before it; expected an operation");
          return fail (p, MC_RECIPE_ERR_EMPTY_OPERATION, plus, token_end (p, plus),
                       "'+' with no operation after it; found %F, expected an operation");
        }
      if (v->n_ops >= MC_RECIPE_MAX_OPS)
        return fail (p, MC_RECIPE_ERR_TOO_LONG, p->pos, token_end (p, p->pos),
                     "variant %d has more than %d operations; accepted: at most %d operations "
                     "in one variant",
                     p->variant, MC_RECIPE_MAX_OPS, MC_RECIPE_MAX_OPS);
      size_t op_at = p->pos;
      s = parse_operation (p, &v->ops[v->n_ops]);
      if (s != MC_OK)
        return s;
      v->n_ops++;
      skip_blanks (p);
      if (p->pos >= p->len || p->text[p->pos] == ';')
        return MC_OK;
      if (p->text[p->pos] == '+')
        {
          p->pos++;
          continue;
        }
      int op_col = column_of (p->text, op_at);
      return fail (p, MC_RECIPE_ERR_TRAILING, p->pos, token_end (p, p->pos),
                   "unexpected %F after the '%s' of column %d; expected '+', ';' or the end of "
                   "the recipe",
                   mc_aug_kind_name (v->ops[v->n_ops - 1].kind), op_col);
    }
}

static mc_status
parse_recipe (parser *p)
{
  size_t start = p->pos;
  skip_blanks (p);
  if (p->pos >= p->len)
    return fail (p, MC_RECIPE_ERR_EMPTY, start, start,
                 "the recipe is empty; expected at least one operation, e.g. "
                 "'rotate 90; flip h; flip v; blur 2'");
  for (p->variant = 1;; p->variant++)
    {
      mc_status s = parse_variant (p);
      if (s != MC_OK)
        return s;
      s = finish_variant (p->recipe, p->recipe->n_variants - 1);
      if (s != MC_OK)
        return s;
      if (p->pos >= p->len)
        return MC_OK;
      p->pos++; /* the ';' */
    }
}

mc_status
mc_recipe_parse (const char *text, mc_recipe **recipe, mc_recipe_error *error)
{
  if (error)
    memset (error, 0, sizeof *error);
  if (!text || !recipe)
    return MC_ERR_ARG;
  *recipe = NULL;
  parser p = { text, strlen (text), 0, 0, error, NULL };
  if (p.len > MC_RECIPE_MAX_LENGTH)
    return fail (&p, MC_RECIPE_ERR_TOO_LONG, 0, 0,
                 "the recipe is %zu bytes long; accepted: at most %d bytes", p.len,
                 MC_RECIPE_MAX_LENGTH);
  p.recipe = calloc (1, sizeof (mc_recipe));
  if (!p.recipe)
    return MC_ERR_NOMEM;
  mc_status s = parse_recipe (&p);
  if (s != MC_OK)
    {
      mc_recipe_free (p.recipe);
      return s;
    }
  *recipe = p.recipe;
  return MC_OK;
}

void
mc_recipe_free (mc_recipe *recipe)
{
  if (!recipe)
    return;
  for (int i = 0; i < recipe->n_variants; i++)
    {
      free (recipe->variants[i].text);
      free (recipe->variants[i].slug);
    }
  free (recipe->variants);
  for (int i = 0; i < recipe->n_layers; i++)
    free (recipe->layers[i]);
  free (recipe->layers);
  free (recipe);
}

int
mc_recipe_num_variants (const mc_recipe *recipe)
{
  return recipe ? recipe->n_variants : 0;
}

static const variant_spec *
variant_at (const mc_recipe *recipe, int variant)
{
  if (!recipe || variant < 0 || variant >= recipe->n_variants)
    return NULL;
  return &recipe->variants[variant];
}

const char *
mc_recipe_variant_text (const mc_recipe *recipe, int variant)
{
  const variant_spec *v = variant_at (recipe, variant);
  return v ? v->text : NULL;
}

const char *
mc_recipe_variant_slug (const mc_recipe *recipe, int variant)
{
  const variant_spec *v = variant_at (recipe, variant);
  return v ? v->slug : NULL;
}

int
mc_recipe_variant_is_geometric (const mc_recipe *recipe, int variant)
{
  const variant_spec *v = variant_at (recipe, variant);
  for (int i = 0; v && i < v->n_ops; i++)
    if (mc_aug_kind_is_geometric (v->ops[i].kind))
      return 1;
  return 0;
}

int
mc_recipe_num_layers (const mc_recipe *recipe)
{
  return recipe ? recipe->n_layers : 0;
}

const char *
mc_recipe_layer (const mc_recipe *recipe, int index)
{
  if (!recipe || index < 0 || index >= recipe->n_layers)
    return NULL;
  return recipe->layers[index];
}

/* ---- Drawing ------------------------------------------------------------------------------ */

static uint64_t
draw_stream (unsigned tag, int variant, int op, int repeat)
{
  return ((uint64_t) tag << 56) | ((uint64_t) (unsigned) variant << 40)
         | ((uint64_t) (unsigned) op << 32) | (uint64_t) (uint32_t) repeat;
}

/* A value of the range on the grid one decimal finer than its more precise end, each grid point
 * equally likely; a fixed number is taken as written. */
static void
draw_value (const op_spec *spec, mc_rng *rng, mc_aug_op *op)
{
  if (!spec->is_range)
    {
      op->value_units = spec->lo.units;
      op->value_decimals = spec->lo.decimals;
    }
  else
    {
      int d = (spec->lo.decimals > spec->hi.decimals ? spec->lo.decimals : spec->hi.decimals) + 1;
      if (d > MAX_DRAW_DECIMALS)
        d = MAX_DRAW_DECIMALS;
      int64_t a = spec->lo.units * pow10_table[d - spec->lo.decimals];
      int64_t b = spec->hi.units * pow10_table[d - spec->hi.decimals];
      op->value_units = a + (int64_t) mc_rng_below (rng, (uint64_t) (b - a) + 1);
      op->value_decimals = d;
    }
  op->value = (double) op->value_units / (double) pow10_table[op->value_decimals];
}

mc_status
mc_recipe_draw (const mc_recipe *recipe, int variant, int repeat, uint32_t seed,
                mc_aug_plan *plan)
{
  const variant_spec *v = variant_at (recipe, variant);
  if (!v || repeat < 0 || !plan)
    return MC_ERR_ARG;
  memset (plan, 0, sizeof *plan);
  plan->seed = seed;
  plan->variant = variant;
  plan->repeat = repeat;
  plan->n_ops = v->n_ops;
  for (int i = 0; i < v->n_ops; i++)
    {
      const op_spec *spec = &v->ops[i];
      mc_aug_op *op = &plan->ops[i];
      op->kind = spec->kind;
      op->layer = spec->layer >= 0 ? recipe->layers[spec->layer] : NULL;
      if (!mc_aug_kind_is_geometric (spec->kind) || spec->kind == MC_AUG_ROTATE)
        {
          mc_rng rng;
          mc_rng_init (&rng, seed, draw_stream (STREAM_VALUE, variant, i, repeat));
          draw_value (spec, &rng, op);
        }
      if (spec->kind == MC_AUG_ERASE)
        for (int j = 0; j < 3; j++)
          op->erase_u[j] = mc_rand_unit (seed, draw_stream (STREAM_ERASE_PLACE, variant, i, repeat),
                                         (uint64_t) j);
    }
  return MC_OK;
}

size_t
mc_aug_plan_text (const mc_aug_plan *plan, char *buf, size_t size)
{
  textbuf tb = { buf, buf ? size : 0, 0 };
  for (int i = 0; plan && i < plan->n_ops; i++)
    {
      const mc_aug_op *op = &plan->ops[i];
      if (i > 0)
        tb_puts (&tb, " + ");
      tb_put_op (&tb, op->kind, op->layer ? op->layer : "", op->value_units, op->value_decimals, 0,
                 0, 0);
    }
  tb_finish (&tb);
  return tb.len;
}

int
mc_aug_plan_is_geometric (const mc_aug_plan *plan)
{
  for (int i = 0; plan && i < plan->n_ops; i++)
    if (mc_aug_kind_is_geometric (plan->ops[i].kind))
      return 1;
  return 0;
}
