/* make_examples.c: medclust-make-examples OUTDIR draws the synthetic example images the README's
 * course command uses when the real dermoscopy set is absent: skin with a mole of known area,
 * hair and the dark vignette of a dermatoscope, written as PNG with its true lesion mask, plus
 * truth.csv giving each image's true lesion area in pixels. */
#include "mc_synth.h"

#include <gegl.h>
#include <stdio.h>
#include <stdlib.h>

static int
save_png (const char *path, const char *format, int w, int h, const void *pixels)
{
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer *buffer = gegl_buffer_new (&r, babl_format (format));
  gegl_buffer_set (buffer, &r, 0, babl_format (format), pixels, GEGL_AUTO_ROWSTRIDE);
  GeglNode *graph = gegl_node_new ();
  GeglNode *src
    = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  GeglNode *save = gegl_node_new_child (graph, "operation", "gegl:png-save", "path", path,
                                        "bitdepth", 8, NULL);
  gegl_node_link (src, save);
  gegl_node_process (save);
  g_object_unref (graph);
  g_object_unref (buffer);
  return 0;
}

/* Three moles that differ the way real ones do: size, shape, colour, hair. */
static void
example_params (int i, mc_synth_params *p)
{
  mc_synth_params_init (p, 600, 450);
  p->seed = 100 + (uint32_t) i;
  switch (i)
    {
    case 0: /* a round brown mole with a few hairs */
      p->rx = p->ry = 80;
      break;
    case 1: /* a large oval dark mole, off centre, more hair */
      p->cx = 330;
      p->cy = 210;
      p->rx = 140;
      p->ry = 95;
      p->angle_deg = 25;
      p->hairs = 12;
      p->lesion[0] = 0.32f, p->lesion[1] = 0.20f, p->lesion[2] = 0.16f;
      break;
    default: /* a small pale pink-brown lesion: low contrast */
      p->rx = 50;
      p->ry = 40;
      p->hairs = 3;
      p->lesion[0] = 0.66f, p->lesion[1] = 0.44f, p->lesion[2] = 0.40f;
      break;
    }
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  gegl_init (NULL, NULL);
  g_mkdir_with_parents (argv[1], 0755);
  gchar *csv_path = g_build_filename (argv[1], "truth.csv", NULL);
  FILE *csv = fopen (csv_path, "w");
  if (!csv)
    {
      fprintf (stderr, "cannot write %s\n", csv_path);
      return 1;
    }
  fprintf (csv, "file,width,height,true_area_pixels,ellipse_area\n");
  for (int i = 0; i < 3; i++)
    {
      mc_synth_params p;
      example_params (i, &p);
      size_t n = (size_t) p.width * p.height;
      float *rgb = malloc (n * 3 * sizeof (float));
      uint8_t *truth = malloc (n);
      if (mc_synth_lesion (&p, rgb, truth) != MC_OK)
        return 1;
      long area = 0;
      for (size_t j = 0; j < n; j++)
        area += truth[j] != 0;
      gchar *img = g_strdup_printf ("%s/synthetic_%d.png", argv[1], i + 1);
      gchar *mask = g_strdup_printf ("%s/masks/synthetic_%d.png", argv[1], i + 1);
      gchar *mask_dir = g_build_filename (argv[1], "masks", NULL);
      g_mkdir_with_parents (mask_dir, 0755);
      save_png (img, "R'G'B' float", p.width, p.height, rgb);
      save_png (mask, "Y' u8", p.width, p.height, truth);
      fprintf (csv, "synthetic_%d.png,%d,%d,%ld,%.1f\n", i + 1, p.width, p.height, area,
               mc_synth_ellipse_area (&p));
      printf ("%s (true lesion area %ld px)\n", img, area);
      g_free (img);
      g_free (mask);
      g_free (mask_dir);
      free (rgb);
      free (truth);
    }
  fclose (csv);
  g_free (csv_path);
  gegl_exit ();
  return 0;
}
