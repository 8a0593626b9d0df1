/* mc_augment.h: data augmentation. A recipe (text) is parsed once, then for each variant and
 * repeat it is drawn into a plan (concrete numbers), and a plan is applied to an image and its
 * mask. The operations are also callable one by one.
 *
 * Recipe grammar (keywords are case-insensitive; blanks are spaces, tabs or line breaks and may
 * stand around every token, also around ".."):
 *   recipe    = variant { ";" variant }             every variant makes one new layer
 *   variant   = operation { "+" operation }          applied left to right
 *   operation = "rotate" NUM                         degrees, counter-clockwise, -360..360
 *             | "flip" ( "h" | "v" )                 h = left-right (img[:, ::-1]), v = top-bottom
 *             | "blur" NUM                           Gaussian sigma in px, 0..100
 *             | "brightness" NUM                     added to R, G, B, -1..1
 *             | "contrast" NUM                       factor about mid-grey 0.5, 0..10
 *             | "saturation" NUM                     factor about the pixel's grey, 0..10
 *             | "hue" NUM                            degrees around the HSV hue circle, -360..360
 *             | "erase" NUM                          share of the area, 0..1
 *             | "mix" LAYER NUM                      NUM = alpha, 0..1
 *   NUM       = number | number ".." number          a range a..b (a <= b) is drawn uniformly
 *   number    = [ "-" ] digits [ "." digits ]        or "-.5"; at most 6 digits before the point,
 *                                                    9 after; no exponent, no '+' sign (it joins
 *                                                    operations); the point is always '.'
 *   LAYER     = a bare word (no blank, '"', ';' or '+') | '"' text '"' with \" and \\ escapes
 *   e.g.  rotate 90; flip h; flip v; blur 2
 *         rotate -30..30 + flip h + blur 0..2; mix "Layer 2" 0.2..0.5 + erase 0.1
 *
 * A value drawn from a range a..b lies on the decimal grid with one decimal more than the more
 * precise end of the range (-30..30 -> 0.1 steps, 0.05..0.15 -> 0.001 steps), each grid point
 * equally likely, so the plan's text ("rotate 17.3 + blur 1.2") is exact: parsing it again gives
 * the same numbers bit for bit.
 *
 * Randomness: the numbers of variant v, repeat r are a pure function of (seed, v, r); erase's
 * noise of pixel (x, y) of (seed, v, r, operation, x, y). Nothing depends on the thread count.
 *
 * Pixels: R'G'B'A float in [0, 1], 4 interleaved channels, rows top to bottom, no padding.
 * Masks: one byte per pixel (0 / 255), moved by geometric operations with nearest-neighbour
 * sampling (0 where the canvas grows), untouched by photometric ones. */
#ifndef MC_AUGMENT_H
#define MC_AUGMENT_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MC_RECIPE_MAX_LENGTH 65536 /* bytes of recipe text */
#define MC_RECIPE_MAX_VARIANTS 1000
#define MC_RECIPE_MAX_OPS 32 /* operations per variant */

typedef enum
{
  MC_AUG_ROTATE,
  MC_AUG_FLIP_H,
  MC_AUG_FLIP_V,
  MC_AUG_BLUR,
  MC_AUG_BRIGHTNESS,
  MC_AUG_CONTRAST,
  MC_AUG_SATURATION,
  MC_AUG_HUE,
  MC_AUG_ERASE,
  MC_AUG_MIX
} mc_aug_kind;

/* The keyword of an operation: "rotate", "flip" (both flips), "blur", ... */
const char *mc_aug_kind_name (mc_aug_kind kind);
/* 1 for rotate and the flips, which move pixels (and the mask); 0 for the photometric ones. */
int mc_aug_kind_is_geometric (mc_aug_kind kind);

/* ---- Parsing ------------------------------------------------------------------------------ */

typedef enum
{
  MC_RECIPE_OK = 0,
  MC_RECIPE_ERR_EMPTY,           /* the recipe has no operation at all */
  MC_RECIPE_ERR_EMPTY_VARIANT,   /* nothing between two ';' (or before the first, after the last) */
  MC_RECIPE_ERR_EMPTY_OPERATION, /* a '+' with no operation on one side */
  MC_RECIPE_ERR_UNKNOWN_OP,      /* a word that is not an operation */
  MC_RECIPE_ERR_MISSING_NUMBER,  /* an operation's number is absent (end, ';' or '+' came) */
  MC_RECIPE_ERR_NOT_A_NUMBER,    /* something else than a number or range stands there */
  MC_RECIPE_ERR_NUMBER_FORMAT,   /* a number with too many digits */
  MC_RECIPE_ERR_OUT_OF_RANGE,    /* a number (or an end of a range) outside the accepted range */
  MC_RECIPE_ERR_REVERSED_RANGE,  /* a..b with b < a */
  MC_RECIPE_ERR_FLIP_AXIS,       /* flip without h or v */
  MC_RECIPE_ERR_MISSING_LAYER,   /* mix without a layer name */
  MC_RECIPE_ERR_UNCLOSED_QUOTE,  /* a quoted layer name without its closing '"' */
  MC_RECIPE_ERR_TRAILING,        /* extra text after a complete operation */
  MC_RECIPE_ERR_TOO_LONG         /* over MC_RECIPE_MAX_LENGTH, _MAX_VARIANTS or _MAX_OPS */
} mc_recipe_error_code;

typedef struct
{
  mc_recipe_error_code code;
  int column;       /* 1-based character (UTF-8 code point) position of the fault in the recipe */
  int variant;      /* 1-based variant in which it lies (0 when not inside one) */
  char found[64];   /* the text that failed, cut at 60 bytes; "" at the end of the recipe */
  char message[384]; /* one English sentence for the user: position, found text, what was
                        expected, e.g. "recipe column 6: unknown operation 'blurr'; expected one
                        of rotate, flip, blur, brightness, contrast, saturation, hue, erase, mix" */
} mc_recipe_error;

typedef struct mc_recipe mc_recipe; /* opaque: a parsed recipe */

/* Parses text. On success *recipe is set (free it with mc_recipe_free) and MC_OK returned. On a
 * fault MC_ERR_PARSE is returned, *recipe is NULL and error (may be NULL) describes the first
 * fault; MC_ERR_NOMEM if memory ran out; MC_ERR_ARG for a NULL text or recipe. */
mc_status mc_recipe_parse (const char *text, mc_recipe **recipe, mc_recipe_error *error);
void mc_recipe_free (mc_recipe *recipe);

int mc_recipe_num_variants (const mc_recipe *recipe);
/* The variant as written, normalised (one space around '+' and between words), ranges kept:
 * "rotate -30..30 + blur 0..2". variant is 0-based. NULL when out of range. */
const char *mc_recipe_variant_text (const mc_recipe *recipe, int variant);
/* A file-name-safe form of the variant text, unique within the recipe: lower case, [a-z0-9.-]
 * and '_' only, e.g. "rotate_-30..30_blur_0..2"; a repeated variant gets "-2", "-3", ... */
const char *mc_recipe_variant_slug (const mc_recipe *recipe, int variant);
/* 1 when the variant has a rotate or flip. */
int mc_recipe_variant_is_geometric (const mc_recipe *recipe, int variant);
/* The distinct layer names the recipe's mix operations need, in order of first use, so a caller
 * can check them all before changing anything. index is 0-based; NULL when out of range. */
int mc_recipe_num_layers (const mc_recipe *recipe);
const char *mc_recipe_layer (const mc_recipe *recipe, int index);

/* ---- Plans: one variant with its numbers drawn ------------------------------------------- */

typedef struct
{
  mc_aug_kind kind;
  double value;          /* rotate: degrees CCW; blur: sigma px; brightness: delta; contrast,
                            saturation: factor; hue: degrees; erase: share of the area; mix:
                            alpha. Unused (0) by the flips. */
  int64_t value_units;   /* value exactly as the decimal value_units / 10^value_decimals */
  int value_decimals;    /* 0..9 */
  const char *layer;     /* mix: the other layer's name (owned by the recipe); NULL otherwise */
  double erase_u[3];     /* erase: three uniforms in [0, 1) drawn from the seed that shape and
                            place the rectangle on whatever canvas it meets
                            (see mc_aug_erase_rect) */
} mc_aug_op;

typedef struct
{
  uint32_t seed;   /* the plan's origin: erase noise is drawn from (seed, variant, repeat) */
  int variant;     /* 0-based */
  int repeat;      /* 0-based */
  int n_ops;       /* 1..MC_RECIPE_MAX_OPS */
  mc_aug_op ops[MC_RECIPE_MAX_OPS];
} mc_aug_plan;

/* Draws variant (0-based) for repeat (0-based, >= 0) from seed. The plan points into the recipe
 * (mix layer names): keep the recipe alive while the plan is used. MC_ERR_ARG for a bad index. */
mc_status mc_recipe_draw (const mc_recipe *recipe, int variant, int repeat, uint32_t seed,
                          mc_aug_plan *plan);

/* Writes the plan as recipe text with the drawn values, "rotate 17.3 + blur 1.2": the new
 * layer's name and the manifest's operations. Never depends on the locale. Returns the length
 * of the whole text (as snprintf: the text is cut, NUL-terminated, when size is too small). */
size_t mc_aug_plan_text (const mc_aug_plan *plan, char *buf, size_t size);
/* 1 when the plan has a rotate or flip (the mask then changes). */
int mc_aug_plan_is_geometric (const mc_aug_plan *plan);
/* The size of the result of applying plan to a width x height image. */
void mc_aug_plan_output_size (const mc_aug_plan *plan, int width, int height, int *out_width,
                              int *out_height);

/* ---- Applying a plan ---------------------------------------------------------------------- */

/* Gives the RGBA pixels of the layer called name (width*height*4, any size) or NULL when there is
 * none. mix samples it at the same pixel coordinates as the canvas it meets (top-left corners
 * together); outside the other layer counts as transparent. */
typedef const float *(*mc_aug_layer_fn) (void *user, const char *name, int *width, int *height);

typedef struct
{
  float *rgba;   /* width*height*4, malloc'd */
  uint8_t *mask; /* width*height, malloc'd; NULL when no mask was given */
  int width, height;
} mc_aug_result;

/* Applies the plan's operations in order to rgba (width x height, not modified) and to mask
 * (width*height bytes, may be NULL). result receives new buffers (free with mc_aug_result_clear).
 * layer_fn may be NULL when the plan has no mix. Bit-identical for any thread count.
 * Returns MC_ERR_ARG for a bad size or plan, or a mix layer that layer_fn does not give;
 * MC_ERR_NOMEM; MC_ERR_CANCELLED when the monitor asks (result is then empty). */
mc_status mc_aug_apply (const mc_aug_plan *plan, const float *rgba, int width, int height,
                        const uint8_t *mask, mc_aug_layer_fn layer_fn, void *layer_user,
                        mc_aug_result *result, const mc_monitor *monitor);
void mc_aug_result_clear (mc_aug_result *result);

/* ---- The operations one by one (all bit-identical for any thread count) ------------------- */

/* Geometry (aug_geometry.c). src and dst never overlap.
 * Rotation by degrees counter-clockwise, as skimage.transform.rotate(resize=True) and np.rot90:
 * multiples of 90 are exact index moves (90, 270 swap width and height; -90 = 270); any other
 * angle resamples bilinearly (premultiplied by alpha) onto the canvas that holds the whole
 * rotated image, round((w-1)|cos| + (h-1)|sin| + 1) wide, the corners transparent (0, 0, 0, 0). */
void mc_aug_rotated_size (int width, int height, double degrees, int *out_width, int *out_height);
void mc_aug_rotate (const float *src, int width, int height, double degrees, float *dst);
void mc_aug_rotate_mask (const uint8_t *src, int width, int height, double degrees, uint8_t *dst);
/* vertical = 0: left-right mirror (img[:, ::-1]); 1: top-bottom (img[::-1, :]). */
void mc_aug_flip (const float *src, int width, int height, int vertical, float *dst);
void mc_aug_flip_mask (const uint8_t *src, int width, int height, int vertical, uint8_t *dst);

/* Gaussian blur of all four channels (aug_blur.c), as scipy.ndimage.gaussian_filter with
 * mode='nearest' and truncate=4.0 (skimage.filters.gaussian): radius int(4 sigma + 0.5), edges
 * repeat the nearest pixel. Images with transparency are blurred premultiplied by alpha.
 * sigma 0 copies. src and dst must not overlap. MC_ERR_NOMEM, MC_ERR_ARG (sigma outside 0..100). */
mc_status mc_aug_blur (const float *src, int width, int height, double sigma, float *dst);

/* Colour (aug_colour.c), in place on n pixels; alpha is kept, results clamped to [0, 1]. */
void mc_aug_brightness (float *rgba, size_t n, double delta);    /* c + delta */
void mc_aug_contrast (float *rgba, size_t n, double factor);     /* 0.5 + factor (c - 0.5) */
/* grey + factor (c - grey), grey = 0.299 R + 0.587 G + 0.114 B (ITU-R 601 luma, as PIL's and
 * torchvision's saturation): 0 gives grey, 1 the input. */
void mc_aug_saturation (float *rgba, size_t n, double factor);
/* Turns the HSV hue by degrees (R -> G -> B for positive); multiples of 360 leave pixels as they
 * are, bit for bit. */
void mc_aug_hue (float *rgba, size_t n, double degrees);

/* Random erasing (aug_erase.c). The rectangle covers round(fraction * width * height) pixels as
 * nearly as whole rows allow; its aspect ratio is log-uniform in [1/3, 3] (from u[0]), clipped to
 * the canvas, and its position uniform (u[1], u[2]). */
typedef struct
{
  int x, y, width, height;
} mc_aug_rect;
mc_aug_rect mc_aug_erase_rect (int width, int height, double fraction, const double u[3]);
/* Fills rect with uniform noise in [0, 1) on R, G, B (alpha kept); the value of channel c of pixel
 * (x, y) comes from (seed, stream, x, y, c) only. */
void mc_aug_erase (float *rgba, int width, int height, mc_aug_rect rect, uint32_t seed,
                   uint64_t stream);

/* Mixing (aug_mix.c), in place: rgba = (1 - alpha) rgba + alpha other, premultiplied by the pixels'
 * alphas; other (other_width x other_height) is sampled at the same coordinates and is
 * transparent outside. alpha 0 leaves rgba as it is; alpha 1 where both are opaque gives other. */
void mc_aug_mix (float *rgba, int width, int height, const float *other, int other_width,
                 int other_height, double alpha);

#ifdef __cplusplus
}
#endif
#endif
