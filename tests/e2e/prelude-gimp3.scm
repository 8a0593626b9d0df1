; prelude-gimp3.scm: GIMP 3's side of the end-to-end tests' Script-Fu (see harness.h). In a
; GIMP 3 run the harness loads this file first, then prelude.scm, then the test body, all in
; Script-Fu's default (v2) dialect: every PDB call returns a list, booleans are 0/1.
;
; The test scripts and prelude.scm are written against GIMP 2.10's PDB. This file defines, as
; thin wrappers over GIMP 3.0's PDB, the 2.10 names they call that 3.0 no longer has, and
; redefines the few whose arguments or return values changed, so that one script text runs on
; both hosts with the same results (measured facts: ../shared/docs/gimp-3-headless.md, §6):
;   renamed      gimp-image-width/height/base-type, gimp-drawable-width/height/offsets,
;                gimp-item-is-layer/channel/text-layer, gimp-edit-clear
;   reshaped     gimp-image-list, gimp-image-get-layers/channels, gimp-item-get-children
;                (2.10 returns (count #(ids)), 3.0 only (#(ids))), gimp-drawable-get-pixel
;                (2.10: (channels #(bytes)), 3.0: ((r g b a)))
;   reordered    gimp-layer-new (3.0 takes the name second), gimp-file-load (3.0: no raw name)
;   replaced     gimp-image-get-active-layer/-drawable (3.0: selected layers/drawables),
;                gimp-procedural-db-proc-exists, file-png-save2 (3.0 exports whole images),
;                gimp-image-get/set-color-profile (3.0 has no PDB access to profiles)
;   constants    PRECISION-*-GAMMA (3.0: PRECISION-*-NON-LINEAR)
; Loading this file twice is harmless: the 3.0 procedures a wrapper calls are captured once.

; The 3.0 procedure that a redefined 2.10 name calls, kept under mc3-pdb-<name>.
(define mc3-pdb-layer-new
  (if (defined? 'mc3-pdb-layer-new) mc3-pdb-layer-new gimp-layer-new))
(define mc3-pdb-file-load
  (if (defined? 'mc3-pdb-file-load) mc3-pdb-file-load gimp-file-load))
(define mc3-pdb-get-layers
  (if (defined? 'mc3-pdb-get-layers) mc3-pdb-get-layers gimp-image-get-layers))
(define mc3-pdb-get-channels
  (if (defined? 'mc3-pdb-get-channels) mc3-pdb-get-channels gimp-image-get-channels))
(define mc3-pdb-get-children
  (if (defined? 'mc3-pdb-get-children) mc3-pdb-get-children gimp-item-get-children))
(define mc3-pdb-get-pixel
  (if (defined? 'mc3-pdb-get-pixel) mc3-pdb-get-pixel gimp-drawable-get-pixel))

; 3.0's (#(ids)) as 2.10's (count #(ids)).
(define (mc3-counted result)
  (list (vector-length (car result)) (car result)))

; The first ID of 3.0's (#(ids)) as 2.10's (id), or (-1) when there is none.
(define (mc3-first result)
  (list (if (> (vector-length (car result)) 0) (vector-ref (car result) 0) -1)))

; Renamed ------------------------------------------------------------------------------------

(define gimp-image-width gimp-image-get-width)
(define gimp-image-height gimp-image-get-height)
(define gimp-image-base-type gimp-image-get-base-type)
(define gimp-drawable-width gimp-drawable-get-width)
(define gimp-drawable-height gimp-drawable-get-height)
(define gimp-drawable-offsets gimp-drawable-get-offsets)
(define gimp-item-is-layer gimp-item-id-is-layer)
(define gimp-item-is-channel gimp-item-id-is-channel)
(define gimp-item-is-text-layer gimp-item-id-is-text-layer)
(define gimp-edit-clear gimp-drawable-edit-clear)

; Reshaped -----------------------------------------------------------------------------------

(define (gimp-image-list) (mc3-counted (gimp-get-images)))
(define (gimp-image-get-layers image) (mc3-counted (mc3-pdb-get-layers image)))
(define (gimp-image-get-channels image) (mc3-counted (mc3-pdb-get-channels image)))
(define (gimp-item-get-children item) (mc3-counted (mc3-pdb-get-children item)))

; 2.10 returns the pixel's channels as stored (RGB 3, RGBA 4, grey 1, grey+alpha 2 values);
; 3.0 returns a colour, which Script-Fu gives as 0..255 values of those same channels. The
; values equal 2.10's bytes for 8-bit drawables (2.10 gives 2 or 4 bytes per channel at higher
; precisions; the tests read pixels of 8-bit layers only).
(define (gimp-drawable-get-pixel drawable x y)
  (let ((channels (car (mc3-pdb-get-pixel drawable x y))))
    (list (length channels) (list->vector channels))))

; Reordered ----------------------------------------------------------------------------------

(define (gimp-layer-new image width height type name opacity mode)
  (mc3-pdb-layer-new image name width height type opacity mode))

(define (gimp-file-load run-mode filename raw-filename)
  (mc3-pdb-file-load run-mode filename))

; Replaced -----------------------------------------------------------------------------------

; 2.10's active layer and drawable are 3.0's first selected ones.
(define (gimp-image-get-active-layer image)
  (mc3-first (gimp-image-get-selected-layers image)))
(define (gimp-image-get-active-drawable image)
  (mc3-first (gimp-image-get-selected-drawables image)))

; 3.0's Script-Fu binds every PDB procedure to its name when it starts (plug-ins included).
(define (gimp-procedural-db-proc-exists name)
  (list (if (defined? (string->symbol name)) 1 0)))

; 3.0 has no PDB procedure that reads or sets an image's profile from bytes. Every image the
; tests make or load has GIMP's built-in profile (no test image embeds one), which 2.10 reports
; as (0 #()); setting that one is a no-op, any other profile an error.
(define (gimp-image-get-color-profile image)
  (list 0 (vector)))
(define (gimp-image-set-color-profile image num-bytes color-profile)
  (if (= num-bytes 0)
      (list #t)
      (error "prelude-gimp3: gimp-image-set-color-profile with a profile is not available in GIMP 3")))

; 2.10's file-png-save2 writes one drawable, whatever the image around it; 3.0's PNG export
; writes an image's composite. So the drawable is copied alone into a new image of the same
; size and precision (exact: same profile, same precision) with its mask, opacity, mode and
; offsets dropped, which is exported. The options are 2.10's; comment and gama do not exist in
; 3.0. Like 2.10, the PNG's depth follows the precision: 8 bits for 8-bit images, else 16.
(define (file-png-save2 run-mode image drawable filename raw-filename interlace compression
                        bkgd gama offs phys time comment save-trans)
  (let* ((width (car (gimp-drawable-get-width drawable)))
         (height (car (gimp-drawable-get-height drawable)))
         (out (car (gimp-image-new width height
                                   (if (= (car (gimp-image-get-base-type image)) GRAY) GRAY RGB)))))
    (gimp-image-undo-disable out)
    (let ((precision (car (gimp-image-get-precision image))))
      (if (not (= precision (car (gimp-image-get-precision out))))
          (gimp-image-convert-precision out precision)))
    (let ((copy (car (gimp-layer-new-from-drawable drawable out))))
      (gimp-image-insert-layer out copy 0 0)
      (if (and (= 1 (car (gimp-item-id-is-layer drawable)))
               (not (= -1 (car (gimp-layer-get-mask copy)))))
          (gimp-layer-remove-mask copy MASK-DISCARD))
      (gimp-layer-set-mode copy LAYER-MODE-NORMAL)
      (gimp-layer-set-opacity copy 100)
      (gimp-item-set-visible copy TRUE)
      (gimp-layer-set-offsets copy 0 0))
    ;                   options interlace compression bkgd offs phys time save-trans
    (file-png-export run-mode out filename -1 interlace compression bkgd offs phys time save-trans
    ;                optimize-palette format exif iptc xmp profile thumbnail comment
                     FALSE "auto" FALSE FALSE FALSE FALSE FALSE FALSE)
    (gimp-image-delete out)
    (list #t)))

; Constants ----------------------------------------------------------------------------------

(define PRECISION-U8-GAMMA PRECISION-U8-NON-LINEAR)
(define PRECISION-U16-GAMMA PRECISION-U16-NON-LINEAR)
(define PRECISION-U32-GAMMA PRECISION-U32-NON-LINEAR)
(define PRECISION-HALF-GAMMA PRECISION-HALF-NON-LINEAR)
(define PRECISION-FLOAT-GAMMA PRECISION-FLOAT-NON-LINEAR)
(define PRECISION-DOUBLE-GAMMA PRECISION-DOUBLE-NON-LINEAR)

; 2.10's gimp-layer-group-new is 3.0's gimp-group-layer-new.
(define (gimp-layer-group-new image) (gimp-group-layer-new image))
