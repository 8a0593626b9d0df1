# course.py: the course's four exercises through medclust, from GIMP 3's Python 3 in batch mode.
# It does what course.scm (the Script-Fu version) does and writes the same files.
#
# Run it (run-course.sh does) with
#   gimp-console-3.0 -i -d --batch-interpreter=python-fu-eval \
#       -b 'exec(open("examples/course.py").read())' --quit
# and these environment variables, the arguments that course.scm takes:
#   MEDCLUST_COURSE_IMAGES   the images of exercises 1 and 2, one path per line
#   MEDCLUST_COURSE_PATTERN  the files of exercises 3 and 4, a glob such as "/data/*.jpg"
#   MEDCLUST_COURSE_MASKS    the folder of their lesion masks (exercise 4)
#   MEDCLUST_COURSE_OUT      the folder that receives every output
#
# Every medclust procedure is called the same way: look it up in GIMP's procedural database (PDB),
# make a "config" that holds its arguments, set them by name, run it, read its return values.
# A call that fails raises an exception: GIMP then prints the message and exits with code 64.

import os

import gi
gi.require_version('Gimp', '3.0')
from gi.repository import Gimp, GObject, Gio


# ---- Calling procedures ------------------------------------------------------------------------

def call(name, args):
    """Runs the PDB procedure `name` with `args` (a dict: argument name -> value), non-interactively.
    Returns its values (index 0 is the status, the procedure's returns start at 1)."""
    procedure = Gimp.get_pdb().lookup_procedure(name)
    if procedure is None:
        raise RuntimeError(name + ' is not in GIMP\'s PDB: is the medclust plug-in installed for GIMP 3?')
    config = procedure.create_config()
    config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    for key, value in args.items():
        config.set_property(key, value)
        # GIMP keeps the old value (with a mere warning) when a value is outside the argument's range.
        if isinstance(value, (int, float, str)) and config.get_property(key) != value:
            raise RuntimeError('%s: %s = %r was not accepted' % (name, key, value))
    result = procedure.run(config)
    status = result.index(0)
    if status != Gimp.PDBStatusType.SUCCESS:
        message = result.index(1) if result.length() > 1 else ''
        raise RuntimeError('%s failed (%s): %s' % (name, status.value_nick, message))
    return result


def double_array(result, i):
    """Return value i as a list of floats (GIMP 3 hands arrays to Python as opaque boxes)."""
    return list(Gimp.value_get_double_array(GObject.Value(Gimp.DoubleArray, result.index(i))))


def int_array(result, i):
    """Return value i as a list of ints."""
    return list(Gimp.value_get_int32_array(GObject.Value(Gimp.Int32Array, result.index(i))))


# ---- Files -------------------------------------------------------------------------------------

def load(path):
    """Opens an image file."""
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
    if image is None:
        raise RuntimeError('cannot open ' + path)
    return image


def drawable_of(image):
    """The layer a call works on: the image's first selected one (GIMP 2.10's "active" one)."""
    drawables = image.get_selected_drawables()
    if not drawables:
        raise RuntimeError('image %d has no selected layer' % image.get_id())
    return drawables[0]


def save_png(layer, path):
    """Saves one layer as a PNG file. GIMP 3 exports whole images, so the layer is copied alone into
    a new image of its size, exported without background colour, offsets, resolution or time."""
    image = layer.get_image()
    out = Gimp.Image.new(layer.get_width(), layer.get_height(), image.get_base_type())
    if out.get_precision() != image.get_precision():
        out.convert_precision(image.get_precision())
    copy = Gimp.Layer.new_from_drawable(layer, out)
    out.insert_layer(copy, None, 0)
    copy.set_offsets(0, 0)
    call('file-png-export', {'image': out, 'file': Gio.File.new_for_path(path),
                             'interlaced': False, 'compression': 9, 'bkgd': False, 'offs': False,
                             'phys': False, 'time': False, 'save-transparent': False,
                             'include-exif': False, 'include-iptc': False, 'include-xmp': False,
                             'include-color-profile': False, 'include-thumbnail': False,
                             'include-comment': False})
    out.delete()


def stem(path):
    """'dir/ISIC_1.jpg' -> 'ISIC_1'."""
    name = os.path.basename(path)
    return name.rsplit('.', 1)[0] if '.' in name else name


def number(x):
    """A number written as Script-Fu writes it (so both versions write the same CSV)."""
    if isinstance(x, int):
        return str(x)
    text = '%.10g' % x
    return text if '.' in text or 'e' in text else text + '.0'


def numbers(values):
    return ' '.join(number(x) for x in values)


# ---- The exercises -----------------------------------------------------------------------------

def quantize_one(path, out_dir, csv, k):
    """Exercise 1: K-means colour quantisation with K colours fitted on a 5% sample (the course's
    recipe), every pixel assigned. Saves <image>_k<K>.png and adds the fit to centres.csv."""
    image = load(path)
    result = call('plug-in-medclust-quantize',
                  {'image': image, 'drawable': drawable_of(image), 'n-clusters': k,
                   'colour-space': 0, 'sample-fraction': 0.05, 'seed': 0, 'output': 0})
    layer = result.index(1)           # the new layer "K-means K=<k>"
    centres = double_array(result, 3)  # R'G'B' triples in [0, 1], darkest first
    counts = int_array(result, 5)      # pixels per centre
    inertia = result.index(6)
    save_png(layer, '%s/%s_k%d.png' % (out_dir, stem(path), k))
    csv.write('%s,%d,%s,"%s","%s"\n' % (stem(path), k, number(inertia), numbers(centres),
                                        numbers(counts)))
    image.delete()


def plots(path, out_dir):
    """Exercise 1: "what K is enough?" (elbow.png) and the pixels as colour-pair scatter plots
    (scatter.png), for one image. Each procedure returns a new image holding its plot."""
    image = load(path)
    drawable = drawable_of(image)
    elbow = call('plug-in-medclust-elbow',
                 {'image': image, 'drawable': drawable, 'k-min': 1, 'k-max': 10,
                  'sample-fraction': 0.05, 'seed': 0}).index(1)
    scatter = call('plug-in-medclust-scatter',
                   {'image': image, 'drawable': drawable, 'sample-fraction': 0.05,
                    'n-clusters': 5, 'seed': 0}).index(1)
    save_png(drawable_of(elbow), out_dir + '/elbow.png')
    save_png(drawable_of(scatter), out_dir + '/scatter.png')
    for plot in (elbow, scatter, image):
        plot.delete()


def segment_one(path, out_dir):
    """Exercise 2: mole / not-mole with the project's method (method 1), annotated with the mask,
    the outline and the area readout; the visible result is saved as <image>_segment.png."""
    image = load(path)
    call('plug-in-medclust-segment',
         {'image': image, 'drawable': drawable_of(image), 'method': 1, 'pixel-size-mm': 0.0,
          'annotate': 1, 'seed': 0})
    merged = image.merge_visible_layers(Gimp.MergeType.CLIP_TO_IMAGE)
    save_png(merged, '%s/%s_segment.png' % (out_dir, stem(path)))
    image.delete()


def measure_files(pattern, out_dir):
    """Exercise 3: the course's method (method 0) over the set, with the two centres fitted once
    on all images pooled (joint 1): one row per image in areas.csv, a bar chart in areas.png."""
    call('plug-in-medclust-measure-files',
         {'pattern': pattern, 'method': 0, 'joint': 1, 'pixel-size-mm': 0.0,
          'csv-path': out_dir + '/areas.csv', 'chart-path': out_dir + '/areas.png', 'seed': 0})


def augment_files(pattern, masks_dir, out_dir):
    """Exercise 4: the course's augmentation set of every image, its mask kept in sync, into
    augmented/ with manifest.csv."""
    call('plug-in-medclust-augment-files',
         {'pattern': pattern, 'masks-dir': masks_dir, 'out-dir': out_dir + '/augmented',
          'recipe': 'rotate 90; flip h; flip v; blur 2', 'repeats': 1, 'seed': 0})


# ---- The course --------------------------------------------------------------------------------

def setting(variable):
    value = os.environ.get(variable, '')
    if not value:
        raise RuntimeError('course.py: %s is not set (see the top of course.py)' % variable)
    return value


def course():
    images = setting('MEDCLUST_COURSE_IMAGES').splitlines()
    pattern = setting('MEDCLUST_COURSE_PATTERN')
    masks_dir = setting('MEDCLUST_COURSE_MASKS')
    out_dir = setting('MEDCLUST_COURSE_OUT')
    with open(out_dir + '/centres.csv', 'w') as csv:
        csv.write('image,k,inertia,centres_rgb,counts\n')
        for path in images:
            print('medclust course: ' + path, flush=True)
            quantize_one(path, out_dir, csv, 5)
            quantize_one(path, out_dir, csv, 2)
            segment_one(path, out_dir)
    plots(images[0], out_dir)
    measure_files(pattern, out_dir)
    augment_files(pattern, masks_dir, out_dir)
    print('medclust course: done, outputs in ' + out_dir, flush=True)


course()
