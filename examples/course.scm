; course.scm: the course's exercises through medclust in GIMP batch mode (Script-Fu).
; Called by run-course.sh as (medclust-course '("a.jpg" ...) "pattern" "masks-dir" "out-dir").

(define (mc-stem path)
  ; "dir/ISIC_1.jpg" -> "ISIC_1"
  (let* ((parts (strbreakup path "/"))
         (name (car (last parts)))
         (dot (strbreakup name ".")))
    (if (> (length dot) 1)
        (unbreakupstr (butlast dot) ".")
        name)))

(define (mc-save-layer image layer path)
  (file-png-save2 RUN-NONINTERACTIVE image layer path path 0 9 0 0 0 0 0 0 0))

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
  (let* ((image (car (gimp-file-load RUN-NONINTERACTIVE path path)))
         (drawable (car (gimp-image-get-active-drawable image)))
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
  (let* ((image (car (gimp-file-load RUN-NONINTERACTIVE path path)))
         (drawable (car (gimp-image-get-active-drawable image)))
         (elbow (plug-in-medclust-elbow RUN-NONINTERACTIVE image drawable 1 10 0.05 0))
         (scatter (car (plug-in-medclust-scatter RUN-NONINTERACTIVE image drawable 0.05 5 0))))
    (mc-save-layer (car elbow) (car (gimp-image-get-active-drawable (car elbow)))
                   (string-append out-dir "/elbow.png"))
    (mc-save-layer scatter (car (gimp-image-get-active-drawable scatter))
                   (string-append out-dir "/scatter.png"))
    (gimp-image-delete (car elbow))
    (gimp-image-delete scatter)
    (gimp-image-delete image)))

; Exercise 2: mole / not-mole with our method, annotated (mask, outline, readout) for a report.
(define (mc-segment-one path out-dir)
  (let* ((image (car (gimp-file-load RUN-NONINTERACTIVE path path)))
         (drawable (car (gimp-image-get-active-drawable image))))
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
