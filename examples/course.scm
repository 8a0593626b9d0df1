; course.scm: the course's exercises through medclust in GIMP batch mode (Script-Fu).
; Called by run-course.sh as (medclust-course '("a.jpg" ...) "out-dir").

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

(define (medclust-course images out-dir)
  (let ((csv (open-output-file (string-append out-dir "/centres.csv"))))
    (mc-say csv "image,k,inertia,centres_rgb,counts")
    (for-each
      (lambda (path)
        (gimp-message (string-append "medclust course: " path))
        (mc-quantize-one path out-dir csv 5)
        (mc-quantize-one path out-dir csv 2))
      images)
    (close-output-port csv)
    (gimp-message (string-append "medclust course: done, outputs in " out-dir))))
