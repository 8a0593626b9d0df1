; course.scm: the course's exercises through medclust in GIMP batch mode (Script-Fu), on GIMP 2.10
; and GIMP 3 alike. Called by run-course.sh as
; (medclust-course '("a.jpg" ...) "pattern" "masks-dir" "out-dir"). course.py is the same course in
; GIMP 3's Python.

; GIMP 3 renamed or reshaped three of the calls the course makes (file loading, the active drawable
; and PNG saving): these helpers make each one on the GIMP that runs the script.
(define mc-gimp3? (not (string=? (substring (car (gimp-version)) 0 2) "2.")))

(define (mc-load path)
  (if mc-gimp3?
      (car (gimp-file-load RUN-NONINTERACTIVE path))
      (car (gimp-file-load RUN-NONINTERACTIVE path path))))

; GIMP 2.10's active drawable; GIMP 3's first selected one.
(define (mc-drawable image)
  (if mc-gimp3?
      (vector-ref (car (gimp-image-get-selected-drawables image)) 0)
      (car (gimp-image-get-active-drawable image))))

(define (mc-stem path)
  ; "dir/ISIC_1.jpg" -> "ISIC_1"
  (let* ((parts (strbreakup path "/"))
         (name (car (reverse parts)))
         (dot (strbreakup name ".")))
    (if (> (length dot) 1)
        (unbreakupstr (butlast dot) ".")
        name)))

; GIMP 2.10 saves one layer as a PNG; GIMP 3 exports whole images, so the layer is copied alone into
; a new image of its size, which is exported with the same options (no background colour, offsets,
; resolution or time chunks).
(define (mc-save-layer image layer path)
  (if mc-gimp3?
      (mc3-save-layer image layer path)
      (file-png-save2 RUN-NONINTERACTIVE image layer path path 0 9 0 0 0 0 0 0 0)))

(define (mc3-save-layer image layer path)
  (let ((out (car (gimp-image-new (car (gimp-drawable-get-width layer))
                                  (car (gimp-drawable-get-height layer))
                                  (car (gimp-image-get-base-type image)))))
        (precision (car (gimp-image-get-precision image))))
    (if (not (= precision (car (gimp-image-get-precision out))))
        (gimp-image-convert-precision out precision))
    (let ((copy (car (gimp-layer-new-from-drawable layer out))))
      (gimp-image-insert-layer out copy 0 0)
      (gimp-layer-set-offsets copy 0 0))
    ;                                              options interlace compression bkgd offs phys time
    (file-png-export RUN-NONINTERACTIVE out path -1 FALSE 9 FALSE FALSE FALSE FALSE
    ;                save-trans optimize-palette format exif iptc xmp profile thumbnail comment
                     FALSE FALSE "auto" FALSE FALSE FALSE FALSE FALSE FALSE)
    (gimp-image-delete out)))

(define (mc-say port . items)
  (for-each (lambda (x) (display x port)) items)
  (newline port))

(define (mc-vector->list-string v)
  (let loop ((i 0) (acc ""))
    (if (>= i (vector-length v))
        acc
        (loop (+ i 1) (string-append acc (if (= i 0) "" " ") (number->string (vector-ref v i)))))))

; Exercise 1: K=5 and K=2 colour quantisation fitted on a 5% sample (the course's recipe), every
; pixel assigned; the centres go to centres.csv.
(define (mc-quantize-one path out-dir csv k)
  (let* ((image (mc-load path))
         (drawable (mc-drawable image))
         (result (plug-in-medclust-quantize RUN-NONINTERACTIVE image drawable k 0 0.05 0 0))
         (layer (car result))
         (centres (caddr result))
         (counts (car (cddddr result)))
         (inertia (cadr (cddddr result)))
         (out (string-append out-dir "/" (mc-stem path) "_k" (number->string k) ".png")))
    (mc-save-layer image layer out)
    (mc-say csv (mc-stem path) "," k "," inertia ",\"" (mc-vector->list-string centres) "\",\""
            (mc-vector->list-string counts) "\"")
    (gimp-image-delete image)
    out))

; "What K is enough?" and the colour-pair scatter plots, for the first image.
(define (mc-plots path out-dir)
  (let* ((image (mc-load path))
         (drawable (mc-drawable image))
         (elbow (plug-in-medclust-elbow RUN-NONINTERACTIVE image drawable 1 10 0.05 0))
         (scatter (car (plug-in-medclust-scatter RUN-NONINTERACTIVE image drawable 0.05 5 0))))
    (mc-save-layer (car elbow) (mc-drawable (car elbow))
                   (string-append out-dir "/elbow.png"))
    (mc-save-layer scatter (mc-drawable scatter)
                   (string-append out-dir "/scatter.png"))
    (gimp-image-delete (car elbow))
    (gimp-image-delete scatter)
    (gimp-image-delete image)))

; Exercise 2: mole / not-mole with our method, annotated (mask, outline, readout) for a report.
(define (mc-segment-one path out-dir)
  (let* ((image (mc-load path))
         (drawable (mc-drawable image)))
    (plug-in-medclust-segment RUN-NONINTERACTIVE image drawable 1 0 1 0)
    (let ((merged (car (gimp-image-merge-visible-layers image CLIP-TO-IMAGE))))
      (mc-save-layer image merged (string-append out-dir "/" (mc-stem path) "_segment.png")))
    (gimp-image-delete image)))

(define (medclust-course images pattern masks-dir out-dir)
  (let ((csv (open-output-file (string-append out-dir "/centres.csv"))))
    (mc-say csv "image,k,inertia,centres_rgb,counts")
    (for-each
      (lambda (path)
        (gimp-message (string-append "medclust course: " path))
        (mc-quantize-one path out-dir csv 5)
        (mc-quantize-one path out-dir csv 2)
        (mc-segment-one path out-dir))
      images)
    (close-output-port csv))
  (mc-plots (car images) out-dir)
  ; Exercise 3: the course's method over the set, centres fitted once on all images pooled.
  (plug-in-medclust-measure-files RUN-NONINTERACTIVE pattern 0 1 0
                                  (string-append out-dir "/areas.csv")
                                  (string-append out-dir "/areas.png") 0)
  ; Exercise 4: the course's augmentation set over the folder, masks kept in sync.
  (plug-in-medclust-augment-files RUN-NONINTERACTIVE pattern masks-dir
                                  (string-append out-dir "/augmented")
                                  "rotate 90; flip h; flip v; blur 2" 1 0)
  (gimp-message (string-append "medclust course: done, outputs in " out-dir)))
