/* test_recipe.c: the augmentation recipe language: valid recipes parse into the right variants,
 * texts and slugs; ranges are drawn on their grid from (seed, variant, repeat) only and print
 * back exactly; every kind of fault is refused with its own code, column, found text and
 * message. */
#include "mc_augment.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static mc_recipe *
parse_ok (const char *text)
{
  mc_recipe *r = NULL;
  mc_recipe_error err;
  mc_status s = mc_recipe_parse (text, &r, &err);
  if (s != MC_OK)
    g_error ("'%s' should parse: %s", text, err.message);
  g_assert_nonnull (r);
  g_assert_cmpint (err.code, ==, MC_RECIPE_OK);
  return r;
}

static char *
plan_text (const mc_aug_plan *plan)
{
  size_t n = mc_aug_plan_text (plan, NULL, 0);
  char *buf = g_malloc (n + 1);
  g_assert_cmpuint (mc_aug_plan_text (plan, buf, n + 1), ==, n);
  g_assert_cmpuint (strlen (buf), ==, n);
  return buf;
}

static void
test_course_recipe (void)
{
  mc_recipe *r = parse_ok ("rotate 90; flip h; flip v; blur 2");
  g_assert_cmpint (mc_recipe_num_variants (r), ==, 4);
  const char *texts[] = { "rotate 90", "flip h", "flip v", "blur 2" };
  const char *slugs[] = { "rotate_90", "flip_h", "flip_v", "blur_2" };
  const mc_aug_kind kinds[] = { MC_AUG_ROTATE, MC_AUG_FLIP_H, MC_AUG_FLIP_V, MC_AUG_BLUR };
  const double values[] = { 90, 0, 0, 2 };
  for (int v = 0; v < 4; v++)
    {
      g_assert_cmpstr (mc_recipe_variant_text (r, v), ==, texts[v]);
      g_assert_cmpstr (mc_recipe_variant_slug (r, v), ==, slugs[v]);
      g_assert_cmpint (mc_recipe_variant_is_geometric (r, v), ==, v < 3);
      mc_aug_plan plan;
      g_assert_cmpint (mc_recipe_draw (r, v, 0, 42, &plan), ==, MC_OK);
      g_assert_cmpint (plan.n_ops, ==, 1);
      g_assert_cmpint (plan.ops[0].kind, ==, kinds[v]);
      g_assert_cmpfloat (plan.ops[0].value, ==, values[v]);
      g_assert_cmpint (mc_aug_plan_is_geometric (&plan), ==, v < 3);
      char *t = plan_text (&plan);
      g_assert_cmpstr (t, ==, texts[v]);
      g_free (t);
    }
  g_assert_null (mc_recipe_variant_text (r, 4));
  g_assert_null (mc_recipe_variant_text (r, -1));
  g_assert_cmpint (mc_recipe_num_layers (r), ==, 0);
  mc_recipe_free (r);
}

static void
test_every_operation (void)
{
  mc_recipe *r = parse_ok ("ROTATE -17.5 + Flip H + flip v + blur .5 + brightness -.25 + "
                           "contrast 1.5 + saturation 0 + hue 360 + erase 0.1 + mix Background 1");
  g_assert_cmpint (mc_recipe_num_variants (r), ==, 1);
  g_assert_cmpstr (mc_recipe_variant_text (r, 0), ==,
                   "rotate -17.5 + flip h + flip v + blur 0.5 + brightness -0.25 + contrast 1.5 "
                   "+ saturation 0 + hue 360 + erase 0.1 + mix Background 1");
  mc_aug_plan plan;
  g_assert_cmpint (mc_recipe_draw (r, 0, 3, 1, &plan), ==, MC_OK);
  g_assert_cmpint (plan.n_ops, ==, 10);
  const double values[] = { -17.5, 0, 0, 0.5, -0.25, 1.5, 0, 360, 0.1, 1 };
  for (int i = 0; i < 10; i++)
    g_assert_cmpfloat (plan.ops[i].value, ==, values[i]);
  g_assert_cmpint (plan.ops[9].kind, ==, MC_AUG_MIX);
  g_assert_cmpstr (plan.ops[9].layer, ==, "Background");
  for (int j = 0; j < 3; j++)
    {
      g_assert_cmpfloat (plan.ops[8].erase_u[j], >=, 0.0);
      g_assert_cmpfloat (plan.ops[8].erase_u[j], <, 1.0);
    }
  g_assert_cmpint (plan.seed, ==, 1);
  g_assert_cmpint (plan.repeat, ==, 3);
  mc_recipe_free (r);
}

static void
test_blanks_and_ranges (void)
{
  mc_recipe *r = parse_ok ("  rotate   -30 .. 30\t+blur 0..2 ;\nflip v  ");
  g_assert_cmpint (mc_recipe_num_variants (r), ==, 2);
  g_assert_cmpstr (mc_recipe_variant_text (r, 0), ==, "rotate -30..30 + blur 0..2");
  g_assert_cmpstr (mc_recipe_variant_slug (r, 0), ==, "rotate_-30..30_blur_0..2");
  g_assert_cmpstr (mc_recipe_variant_text (r, 1), ==, "flip v");
  mc_recipe_free (r);
}

/* Values of a range lie on the grid one decimal finer than its ends, inside the range, and the
 * plan's text parses back to the very same numbers. */
static void
test_draw_grid_and_round_trip (void)
{
  mc_recipe *r = parse_ok ("rotate -30..30 + blur 0..2 + erase 0.05..0.15 + mix \"Layer 2\" 0..1");
  int distinct_angles = 0;
  double last = 1e9;
  for (int rep = 0; rep < 200; rep++)
    {
      mc_aug_plan plan;
      g_assert_cmpint (mc_recipe_draw (r, 0, rep, 7, &plan), ==, MC_OK);
      g_assert_cmpfloat (plan.ops[0].value, >=, -30);
      g_assert_cmpfloat (plan.ops[0].value, <=, 30);
      g_assert_cmpint (plan.ops[0].value_decimals, ==, 1);
      g_assert_cmpint (plan.ops[2].value_decimals, ==, 3);
      g_assert_cmpfloat (plan.ops[2].value, >=, 0.05);
      g_assert_cmpfloat (plan.ops[2].value, <=, 0.15);
      g_assert_cmpfloat (fabs (plan.ops[0].value * 10 - round (plan.ops[0].value * 10)), <, 1e-9);
      distinct_angles += plan.ops[0].value != last;
      last = plan.ops[0].value;

      char *text = plan_text (&plan);
      g_assert_nonnull (strstr (text, "mix \"Layer 2\" "));
      mc_recipe *again = parse_ok (text);
      mc_aug_plan fixed;
      g_assert_cmpint (mc_recipe_draw (again, 0, 0, 0, &fixed), ==, MC_OK);
      g_assert_cmpint (fixed.n_ops, ==, plan.n_ops);
      for (int i = 0; i < plan.n_ops; i++)
        {
          g_assert_cmpint (fixed.ops[i].kind, ==, plan.ops[i].kind);
          g_assert_true (fixed.ops[i].value == plan.ops[i].value); /* bit for bit */
        }
      char *text2 = plan_text (&fixed);
      g_assert_cmpstr (text2, ==, text);
      g_free (text2);
      mc_recipe_free (again);
      g_free (text);
    }
  g_assert_cmpint (distinct_angles, >, 150);
  mc_recipe_free (r);
}

/* Each grid point of a range is equally likely: 0..1 has 11 points of 0.1. */
static void
test_draw_uniform (void)
{
  mc_recipe *r = parse_ok ("mix a 0..1");
  int hist[11] = { 0 };
  for (int rep = 0; rep < 22000; rep++)
    {
      mc_aug_plan plan;
      mc_recipe_draw (r, 0, rep, 3, &plan);
      g_assert_cmpint (plan.ops[0].value_units, >=, 0);
      g_assert_cmpint (plan.ops[0].value_units, <=, 10);
      hist[plan.ops[0].value_units]++;
    }
  for (int i = 0; i < 11; i++)
    g_assert_cmpint (abs (hist[i] - 2000), <, 200);
  mc_recipe_free (r);
}

/* The numbers of (variant, repeat) depend on (seed, variant, repeat) only: not on other
 * variants, not on the order of draws. */
static void
test_draw_is_pure (void)
{
  mc_recipe *a = parse_ok ("blur 0..2; rotate -30..30 + hue -180..180");
  mc_recipe *b = parse_ok ("flip h; rotate -30..30 + hue -180..180; blur 0..9");
  mc_aug_plan p1, p2, p3;
  mc_recipe_draw (a, 1, 5, 99, &p1);
  mc_recipe_draw (a, 0, 0, 99, &p3);
  mc_recipe_draw (a, 1, 5, 99, &p2);
  g_assert_true (memcmp (&p1, &p2, sizeof p1) == 0);
  mc_recipe_draw (b, 1, 5, 99, &p3);
  g_assert_true (p3.ops[0].value == p1.ops[0].value && p3.ops[1].value == p1.ops[1].value);
  /* Another repeat, seed or variant draws anew. */
  int differ = 0;
  for (int rep = 0; rep < 10; rep++)
    {
      mc_recipe_draw (a, 1, rep + 100, 99, &p3);
      differ += p3.ops[0].value != p1.ops[0].value;
    }
  g_assert_cmpint (differ, >=, 9);
  mc_recipe_draw (a, 1, 5, 100, &p3);
  g_assert_true (p3.ops[0].value != p1.ops[0].value || p3.ops[1].value != p1.ops[1].value);
  g_assert_cmpint (mc_recipe_draw (a, 2, 0, 0, &p3), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_recipe_draw (a, 0, -1, 0, &p3), ==, MC_ERR_ARG);
  mc_recipe_free (a);
  mc_recipe_free (b);
}

static void
test_layers_and_quotes (void)
{
  mc_recipe *r = parse_ok ("mix \"Layer 2\" 0.3; mix Background 0.5 + mix \"Layer 2\" 0.1; "
                           "mix \"say \\\"hi\\\" \\\\ ok;+\" 1");
  g_assert_cmpint (mc_recipe_num_layers (r), ==, 3);
  g_assert_cmpstr (mc_recipe_layer (r, 0), ==, "Layer 2");
  g_assert_cmpstr (mc_recipe_layer (r, 1), ==, "Background");
  g_assert_cmpstr (mc_recipe_layer (r, 2), ==, "say \"hi\" \\ ok;+");
  g_assert_null (mc_recipe_layer (r, 3));
  g_assert_cmpstr (mc_recipe_variant_text (r, 0), ==, "mix \"Layer 2\" 0.3");
  g_assert_cmpstr (mc_recipe_variant_slug (r, 0), ==, "mix_layer_2_0.3");
  g_assert_cmpstr (mc_recipe_variant_text (r, 2), ==, "mix \"say \\\"hi\\\" \\\\ ok;+\" 1");
  g_assert_cmpint (mc_recipe_variant_is_geometric (r, 1), ==, 0);
  /* The printed name parses back to the same name. */
  mc_recipe *again = parse_ok (mc_recipe_variant_text (r, 2));
  g_assert_cmpstr (mc_recipe_layer (again, 0), ==, "say \"hi\" \\ ok;+");
  mc_recipe_free (again);
  mc_recipe_free (r);
}

static void
test_slugs_unique (void)
{
  mc_recipe *r = parse_ok ("flip h; Flip H; flip  h; blur 1.5");
  g_assert_cmpstr (mc_recipe_variant_slug (r, 0), ==, "flip_h");
  g_assert_cmpstr (mc_recipe_variant_slug (r, 1), ==, "flip_h-2");
  g_assert_cmpstr (mc_recipe_variant_slug (r, 2), ==, "flip_h-3");
  g_assert_cmpstr (mc_recipe_variant_slug (r, 3), ==, "blur_1.5");
  mc_recipe_free (r);
}

static void
test_plan_text_cut (void)
{
  mc_recipe *r = parse_ok ("rotate 90 + blur 2");
  mc_aug_plan plan;
  mc_recipe_draw (r, 0, 0, 0, &plan);
  char buf[6];
  g_assert_cmpuint (mc_aug_plan_text (&plan, buf, sizeof buf), ==, strlen ("rotate 90 + blur 2"));
  g_assert_cmpstr (buf, ==, "rotat");
  mc_recipe_free (r);
}

/* ---- Faults ------------------------------------------------------------------------------- */

typedef struct
{
  const char *recipe;
  mc_recipe_error_code code;
  int column;
  const char *found;
  const char *in_message; /* a phrase the message must hold */
} fault_case;

static const fault_case faults[] = {
  { "", MC_RECIPE_ERR_EMPTY, 1, "", "the recipe is empty" },
  { "  \t ", MC_RECIPE_ERR_EMPTY, 1, "", "expected at least one operation" },
  { "rotate 90;; flip h", MC_RECIPE_ERR_EMPTY_VARIANT, 11, ";", "variant 2 is empty" },
  { "rotate 90; ", MC_RECIPE_ERR_EMPTY_VARIANT, 12, "", "nothing after the last ';'" },
  { ";flip h", MC_RECIPE_ERR_EMPTY_VARIANT, 1, ";", "variant 1 is empty" },
  { "blur 2 + ; flip h", MC_RECIPE_ERR_EMPTY_OPERATION, 10, ";", "'+' with no operation after it" },
  { "blur 2 +", MC_RECIPE_ERR_EMPTY_OPERATION, 9, "", "found the end of the recipe" },
  { "+ blur 2", MC_RECIPE_ERR_EMPTY_OPERATION, 1, "+", "no operation before it" },
  { "blur 2 ++ flip h", MC_RECIPE_ERR_EMPTY_OPERATION, 9, "+", "'+' with no operation after it" },
  { "blurr 2", MC_RECIPE_ERR_UNKNOWN_OP, 1, "blurr",
    "unknown operation 'blurr'; expected one of rotate, flip" },
  { "flip h + zoom 2", MC_RECIPE_ERR_UNKNOWN_OP, 10, "zoom", "unknown operation 'zoom'" },
  { "blur2", MC_RECIPE_ERR_UNKNOWN_OP, 1, "blur2", "unknown operation" },
  { "blur", MC_RECIPE_ERR_MISSING_NUMBER, 5, "",
    "'blur' needs a number (SIGMA, px, 0..100); found the end of the recipe" },
  { "blur ; flip h", MC_RECIPE_ERR_MISSING_NUMBER, 6, ";", "found ';'" },
  { "mix Layer2", MC_RECIPE_ERR_MISSING_NUMBER, 11, "", "after the layer name" },
  { "blur abc", MC_RECIPE_ERR_NOT_A_NUMBER, 6, "abc", "expected a number or a range a..b" },
  { "blur 2x", MC_RECIPE_ERR_NOT_A_NUMBER, 6, "2x", "found '2x'" },
  { "blur 1e5", MC_RECIPE_ERR_NOT_A_NUMBER, 6, "1e5", "found '1e5'" },
  { "blur 1..x", MC_RECIPE_ERR_NOT_A_NUMBER, 6, "1..x", "found '1..x'" },
  { "blur 1.", MC_RECIPE_ERR_NOT_A_NUMBER, 6, "1.", "found '1.'" },
  { "blur 5%", MC_RECIPE_ERR_NOT_A_NUMBER, 6, "5%", "found '5%'" },
  { "hue 1234567", MC_RECIPE_ERR_NUMBER_FORMAT, 5, "1234567", "too many digits" },
  { "blur 0.1234567891", MC_RECIPE_ERR_NUMBER_FORMAT, 6, "0.1234567891",
    "at most 6 before and 9 after" },
  { "blur 150", MC_RECIPE_ERR_OUT_OF_RANGE, 6, "150",
    "'blur' number '150' is out of range; expected 0..100" },
  { "rotate -30..400", MC_RECIPE_ERR_OUT_OF_RANGE, 8, "-30..400", "expected -360..360" },
  { "brightness -1.5", MC_RECIPE_ERR_OUT_OF_RANGE, 12, "-1.5", "expected -1..1" },
  { "contrast 11", MC_RECIPE_ERR_OUT_OF_RANGE, 10, "11", "expected 0..10" },
  { "saturation -1", MC_RECIPE_ERR_OUT_OF_RANGE, 12, "-1", "expected 0..10" },
  { "hue 361", MC_RECIPE_ERR_OUT_OF_RANGE, 5, "361", "expected -360..360" },
  { "erase 1.5", MC_RECIPE_ERR_OUT_OF_RANGE, 7, "1.5", "expected 0..1" },
  { "mix a 2", MC_RECIPE_ERR_OUT_OF_RANGE, 7, "2",
    "'mix' number '2' is out of range; expected 0..1 (ALPHA)" },
  { "rotate 30..-30", MC_RECIPE_ERR_REVERSED_RANGE, 8, "30..-30", "range '30..-30' is reversed" },
  { "flip x", MC_RECIPE_ERR_FLIP_AXIS, 6, "x",
    "'flip' expected 'h' (left-right) or 'v' (top-bottom); found 'x'" },
  { "flip", MC_RECIPE_ERR_FLIP_AXIS, 5, "", "found the end of the recipe" },
  { "mix", MC_RECIPE_ERR_MISSING_LAYER, 4, "", "'mix' needs a layer name" },
  { "mix \"\" 0.3", MC_RECIPE_ERR_MISSING_LAYER, 5, "\"\"", "empty name" },
  { "mix \"Layer 2 0.3", MC_RECIPE_ERR_UNCLOSED_QUOTE, 5, "\"Layer 2 0.3", "no closing '\"'" },
  { "blur 2 3", MC_RECIPE_ERR_TRAILING, 8, "3",
    "unexpected '3' after the 'blur' of column 1; expected '+', ';'" },
  { "rotate 90; flip h v", MC_RECIPE_ERR_TRAILING, 19, "v", "after the 'flip' of column 12" },
  /* Columns count characters, not bytes: the u-umlaut is one. */
  { "mix \"Schicht \xc3\xbc\" 0.3 + blurx 2", MC_RECIPE_ERR_UNKNOWN_OP, 23, "blurx", "column 23" },
};

static void
check_fault (const fault_case *f)
{
  mc_recipe *r = (mc_recipe *) 1;
  mc_recipe_error err;
  mc_status s = mc_recipe_parse (f->recipe, &r, &err);
  if (s != MC_ERR_PARSE || err.code != f->code || err.column != f->column
      || strcmp (err.found, f->found) != 0 || !strstr (err.message, f->in_message))
    g_error ("recipe '%s': status %d code %d (want %d) column %d (want %d) found '%s' (want "
             "'%s') message '%s' (want it to hold '%s')",
             f->recipe, s, err.code, f->code, err.column, f->column, err.found, f->found,
             err.message, f->in_message);
  g_assert_null (r);
  /* Every message but the empty recipe's names the column. */
  if (f->code != MC_RECIPE_ERR_EMPTY)
    {
      char col[32];
      g_snprintf (col, sizeof col, "recipe column %d: ", f->column);
      g_assert_true (g_str_has_prefix (err.message, col));
    }
}

static void
test_faults (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (faults); i++)
    check_fault (&faults[i]);
  /* Each code has a message of its own. */
  for (size_t i = 0; i < G_N_ELEMENTS (faults); i++)
    for (size_t k = 0; k < G_N_ELEMENTS (faults); k++)
      if (faults[i].code != faults[k].code)
        {
          mc_recipe *r;
          mc_recipe_error a, b;
          mc_recipe_parse (faults[i].recipe, &r, &a);
          mc_recipe_parse (faults[k].recipe, &r, &b);
          g_assert_cmpstr (a.message, !=, b.message);
        }
}

static void
test_limits (void)
{
  GString *ops = g_string_new ("flip h");
  for (int i = 1; i < MC_RECIPE_MAX_OPS; i++)
    g_string_append (ops, " + flip h");
  mc_recipe *r = parse_ok (ops->str);
  mc_recipe_free (r);
  g_string_append (ops, " + flip v");
  mc_recipe_error err;
  g_assert_cmpint (mc_recipe_parse (ops->str, &r, &err), ==, MC_ERR_PARSE);
  g_assert_cmpint (err.code, ==, MC_RECIPE_ERR_TOO_LONG);
  g_assert_cmpint (err.column, ==, 9 * MC_RECIPE_MAX_OPS + 1);
  g_assert_nonnull (strstr (err.message, "more than 32 operations"));
  g_assert_nonnull (strstr (err.message, "at most 32 operations in one variant"));
  g_string_free (ops, TRUE);

  GString *vars = g_string_new ("blur 1");
  for (int i = 1; i < MC_RECIPE_MAX_VARIANTS; i++)
    g_string_append (vars, ";blur 1");
  r = parse_ok (vars->str);
  g_assert_cmpint (mc_recipe_num_variants (r), ==, MC_RECIPE_MAX_VARIANTS);
  g_assert_cmpstr (mc_recipe_variant_slug (r, 999), ==, "blur_1-1000");
  mc_recipe_free (r);
  g_string_append (vars, ";blur 2");
  g_assert_cmpint (mc_recipe_parse (vars->str, &r, &err), ==, MC_ERR_PARSE);
  g_assert_cmpint (err.code, ==, MC_RECIPE_ERR_TOO_LONG);
  g_assert_nonnull (strstr (err.message, "more than 1000 variants"));
  g_string_free (vars, TRUE);

  char *huge = g_strnfill (MC_RECIPE_MAX_LENGTH + 1, ' ');
  g_assert_cmpint (mc_recipe_parse (huge, &r, &err), ==, MC_ERR_PARSE);
  g_assert_cmpint (err.code, ==, MC_RECIPE_ERR_TOO_LONG);
  g_assert_nonnull (strstr (err.message, "bytes long"));
  g_free (huge);

  /* The length limit at its boundary: a real operation padded to exactly 65,536 bytes parses;
   * one byte more is refused with the length and the limit. */
  g_assert_cmpint (MC_RECIPE_MAX_LENGTH, ==, 65536);
  char *edge = g_strnfill (MC_RECIPE_MAX_LENGTH + 1, ' ');
  memcpy (edge, "flip h", 6);
  edge[MC_RECIPE_MAX_LENGTH] = '\0';
  r = parse_ok (edge);
  g_assert_cmpint (mc_recipe_num_variants (r), ==, 1);
  mc_recipe_free (r);
  edge[MC_RECIPE_MAX_LENGTH] = ' ';
  g_assert_cmpint (strlen (edge), ==, 65537);
  g_assert_cmpint (mc_recipe_parse (edge, &r, &err), ==, MC_ERR_PARSE);
  g_assert_cmpint (err.code, ==, MC_RECIPE_ERR_TOO_LONG);
  g_assert_nonnull (strstr (err.message, "65537 bytes long"));
  g_assert_nonnull (strstr (err.message, "at most 65536 bytes"));
  g_free (edge);

  g_assert_cmpint (mc_recipe_parse (NULL, &r, &err), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_recipe_parse ("blur 1", NULL, &err), ==, MC_ERR_ARG);
  /* A NULL error is allowed. */
  g_assert_cmpint (mc_recipe_parse ("blur x", &r, NULL), ==, MC_ERR_PARSE);
  g_assert_null (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recipe/course", test_course_recipe);
  g_test_add_func ("/recipe/every-operation", test_every_operation);
  g_test_add_func ("/recipe/blanks-and-ranges", test_blanks_and_ranges);
  g_test_add_func ("/recipe/draw-grid-round-trip", test_draw_grid_and_round_trip);
  g_test_add_func ("/recipe/draw-uniform", test_draw_uniform);
  g_test_add_func ("/recipe/draw-pure", test_draw_is_pure);
  g_test_add_func ("/recipe/layers-and-quotes", test_layers_and_quotes);
  g_test_add_func ("/recipe/slugs-unique", test_slugs_unique);
  g_test_add_func ("/recipe/plan-text-cut", test_plan_text_cut);
  g_test_add_func ("/recipe/faults", test_faults);
  g_test_add_func ("/recipe/limits", test_limits);
  return g_test_run ();
}
