; prelude.scm: Script-Fu helpers for medclust's end-to-end tests (see harness.h).
; The harness's generated script defines mc-run-dir and mc-result-file, loads this file, and runs
; the test body followed by (mc-done). Script-Fu's (display ...) is swallowed in batch mode, so
; results go to mc-result-file, one line per (mc-out ...), reopened in append mode for every line
; so that the lines already written survive a script that dies half-way.

; A value as result text: numbers with number->string (10 significant digits), #t/#f as 1/0,
; strings with their line breaks turned into " | " so that one value stays on one line, vectors
; and lists flattened with spaces.
(define (mc-value->string v)
  (cond ((number? v) (number->string v))
        ((string? v) (mc-one-line v))
        ((eq? v #t) "1")
        ((eq? v #f) "0")
        ((vector? v) (mc-value->string (vector->list v)))
        ((null? v) "")
        ((pair? v) (mc-join (map mc-value->string v)))
        ((symbol? v) (symbol->string v))
        (else "?")))

(define (mc-one-line s)
  (apply string-append
         (map (lambda (c) (if (or (char=? c #\newline) (char=? c #\return)) " | " (string c)))
              (string->list s))))

(define (mc-join strings)
  (cond ((null? strings) "")
        ((null? (cdr strings)) (car strings))
        (else (string-append (car strings) " " (mc-join (cdr strings))))))

; (mc-out "key" value ...) appends the line "key value ..." to the results.
(define (mc-out key . values)
  (let ((port (open-input-output-file mc-result-file)))
    (display (mc-join (cons key (map mc-value->string values))) port)
    (newline port)
    (close-port port)))

; Calls thunk; returns (#t . its value), or (#f . the error message) when it raised an error
; (a failed PDB procedure, an unbound name ...), without aborting the script. Script-Fu's own
; (catch #f ...) drops the message, so this installs its own *error-hook*. Errors raised with
; Scheme's (error ...) bypass the hook and still stop the script.
(define (mc-try thunk)
  (let ((saved-hook *error-hook*))
    (call/cc
     (lambda (return)
       (set! *error-hook*
             (lambda (message . details)
               (set! *error-hook* saved-hook)
               (return (cons #f (if (string? message) message (mc-value->string message))))))
       (let ((value (thunk)))
         (set! *error-hook* saved-hook)
         (cons #t value))))))

; (mc-report "key" (lambda () (procedure ...))) calls a PDB procedure through mc-try and prints
; "key.ok 1" and each return value as "key.0", "key.1", ... (a FLOATARRAY or INT32ARRAY is
; a vector, printed flat); or "key.ok 0" and "key.error <message>". Returns the procedure's
; return list, or #f when it failed.
(define (mc-report key thunk)
  (let ((outcome (mc-try thunk)))
    (if (car outcome)
        (begin
          (mc-out (string-append key ".ok") 1)
          (let loop ((rest (if (list? (cdr outcome)) (cdr outcome) (list (cdr outcome))))
                     (index 0))
            (if (pair? rest)
                (begin
                  (mc-out (string-append key "." (number->string index)) (car rest))
                  (loop (cdr rest) (+ index 1)))))
          (cdr outcome))
        (begin
          (mc-out (string-append key ".ok") 0)
          (mc-out (string-append key ".error") (cdr outcome))
          #f))))

; The path of a file in the run folder.
(define (mc-path name)
  (string-append mc-run-dir "/" name))

(define (mc-load-image path)
  (car (gimp-file-load RUN-NONINTERACTIVE path path)))

; #t when the image stores linear light: GIMP's linear precisions are the multiples of 100.
(define (mc-linear-image? image)
  (= 0 (modulo (car (gimp-image-get-precision image)) 100)))

(define (mc-write-png image drawable path)
  ;                                                         interlace compression bkgd gama
  ;                                                         offs phys time comment save-transparent
  (file-png-save2 RUN-NONINTERACTIVE image drawable path path 0 1 0 0 0 0 0 0 1))

; Saves one drawable (not the composite) as a PNG in the run folder and returns its path. The PNG
; holds R'G'B' values at the image's depth (8-bit images give 8-bit PNGs, higher precisions
; 16-bit ones) and keeps the colour of transparent pixels. GIMP would write a linear image's
; values unconverted, so such an image is saved from a copy converted to 16-bit R'G'B' (only a
; top-level layer or a channel then).
(define (mc-save-png image drawable name)
  (let ((path (mc-path name)))
    (if (mc-linear-image? image)
        (let* ((copy (car (gimp-image-duplicate image)))
               (position (car (gimp-image-get-item-position image drawable)))
               (items (if (= 1 (car (gimp-item-is-channel drawable)))
                          (gimp-image-get-channels copy)
                          (gimp-image-get-layers copy))))
          (gimp-image-convert-precision copy PRECISION-U16-GAMMA)
          (mc-write-png copy (vector-ref (cadr items) position) path)
          (gimp-image-delete copy))
        (mc-write-png image drawable path))
    path))

; Deferred saving. Every PNG export starts a plug-in process (a quarter of a second on a quiet
; machine, seconds on a loaded one), so (mc-queue-png image drawable name) only copies the drawable
; into a hidden "sheet" image (core operations, no plug-in), stacked below the copies before it,
; and (mc-done) exports the sheet once as a 16-bit R'G'B'A PNG, sheet.png. The line
; "E2E-SHEET.name x y width height" tells the harness where each copy sits, so that
; e2e_run_load_image (run, "name", ...) reads a queued drawable like a saved one. Copies are
; converted to the sheet's 16-bit R'G'B' (linear and float layers included; exact for 8 and 16
; bits), keep alpha (fully transparent pixels lose their colour), and ignore the layer's mask,
; mode and opacity. Only layers and channels of a single image's size need no care at all.
(define mc-sheet #f)
(define mc-sheet-width 0)
(define mc-sheet-height 0)

(define (mc-sheet-image)
  (if (not mc-sheet)
      (begin
        (set! mc-sheet (car (gimp-image-new 1 1 RGB)))
        (gimp-image-undo-disable mc-sheet)
        (gimp-image-convert-precision mc-sheet PRECISION-U16-GAMMA)))
  mc-sheet)

(define (mc-queue-png image drawable name)
  (let* ((sheet (mc-sheet-image))
         (profile (gimp-image-get-color-profile image))
         (width (car (gimp-drawable-width drawable)))
         (height (car (gimp-drawable-height drawable))))
    ; The same profile on both sides: the copy is converted in precision only, never in colour.
    (gimp-image-set-color-profile sheet (car profile) (cadr profile))
    (let ((copy (car (gimp-layer-new-from-drawable drawable sheet))))
      (gimp-image-insert-layer sheet copy 0 0)
      (if (and (= 1 (car (gimp-item-is-layer drawable)))
               (not (= -1 (car (gimp-layer-get-mask copy)))))
          (gimp-layer-remove-mask copy MASK-DISCARD))
      (if (= 0 (car (gimp-drawable-has-alpha copy)))
          (gimp-layer-add-alpha copy))
      (gimp-layer-set-mode copy LAYER-MODE-NORMAL)
      (gimp-layer-set-opacity copy 100)
      (gimp-item-set-visible copy TRUE)
      (gimp-layer-set-offsets copy 0 mc-sheet-height))
    (mc-out (string-append "E2E-SHEET." name) 0 mc-sheet-height width height)
    (set! mc-sheet-height (+ mc-sheet-height height))
    (set! mc-sheet-width (max mc-sheet-width width))))

(define (mc-write-sheet)
  (if mc-sheet
      (let ((sheet mc-sheet))
        (gimp-image-set-color-profile sheet 0 #())
        (gimp-image-resize sheet mc-sheet-width mc-sheet-height 0 0)
        (let ((merged (car (gimp-image-merge-visible-layers sheet CLIP-TO-IMAGE))))
          (mc-write-png sheet merged (mc-path "sheet.png")))
        (gimp-image-delete sheet)
        (set! mc-sheet #f))))

; The image's layer IDs, top first, as a list.
(define (mc-layers image)
  (vector->list (cadr (gimp-image-get-layers image))))

(define (mc-layer-count image)
  (car (gimp-image-get-layers image)))

; Ends the test body: writes the queued drawables, deletes every image (GEGL reports leaked
; buffers otherwise) and prints the sentinel line that tells the harness the whole script ran.
(define (mc-done)
  (mc-write-sheet)
  (for-each gimp-image-delete (vector->list (cadr (gimp-image-list))))
  (mc-out "E2E-DONE" 1))

; The drawables fixture (contract, Additions "Drawables"): an image with one of each kind of
; drawable the image procedures must tell apart. A layer "base", a layer group holding a layer
; "inner", a layer "masked" with a white layer mask, and a channel (a saved selection); the
; layers hold three colours. Returns (image base group inner channel masked mask).
(define (mc-fixture-fill image drawable x y w h rgb)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE x y w h)
  (gimp-context-set-foreground rgb)
  (gimp-drawable-edit-fill drawable FILL-FOREGROUND))

(define (mc-drawables-fixture)
  (let* ((img (car (gimp-image-new 40 30 RGB)))
         (base (car (gimp-layer-new img 40 30 RGB-IMAGE "base" 100 LAYER-MODE-NORMAL)))
         (group (car (gimp-layer-group-new img)))
         (inner (car (gimp-layer-new img 40 30 RGB-IMAGE "inner" 100 LAYER-MODE-NORMAL)))
         (masked (car (gimp-layer-new img 40 30 RGB-IMAGE "masked" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img base 0 0)
    (gimp-image-insert-layer img group 0 0)
    (gimp-image-insert-layer img inner group 0)
    (gimp-image-insert-layer img masked 0 0)
    (for-each (lambda (l)
                (mc-fixture-fill img l 0 0 40 30 '(200 40 30))
                (mc-fixture-fill img l 0 0 20 15 '(20 30 200))
                (mc-fixture-fill img l 20 15 20 15 '(240 240 240)))
              (list base inner masked))
    (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 5 5 10 10)
    (let ((channel (car (gimp-selection-save img)))
          (mask (car (gimp-layer-create-mask masked ADD-MASK-WHITE))))
      (gimp-selection-none img)
      (gimp-layer-add-mask masked mask)
      (list img base group inner channel masked mask))))

; Prints what a refused call must leave as it was: "key.layers" (top level), "key.children" (in
; the group), "key.channels", and queues every drawable of the fixture as key-base, key-inner,
; key-masked, key-channel, key-mask (e2e_assert_fixture_unchanged compares two such states).
(define (mc-fixture-state key fx)
  (let ((img (list-ref fx 0)))
    (mc-out (string-append key ".layers") (mc-layer-count img))
    (mc-out (string-append key ".children") (car (gimp-item-get-children (list-ref fx 2))))
    (mc-out (string-append key ".channels") (car (gimp-image-get-channels img)))
    (for-each (lambda (name index)
                (mc-queue-png img (list-ref fx index) (string-append key "-" name)))
              '("base" "inner" "channel" "masked" "mask") '(1 3 4 5 6))))
