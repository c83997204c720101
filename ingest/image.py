"""Image files (.png, .jpg, .tif, multi-page TIFF too): every frame a scanned page.

Frames are decoded one at a time, as Tesseract takes them, so a multi-page TIFF is never all in
memory; each goes through the same OCR as a scanned PDF page (``pdf.ocr_scanned_pages``): ruled
tables found in the image and read as cells, a table continued on the next frame merged.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from .ocr import MAX_OCR_PIXELS, within_budget
from .pdf import Page, merge_continued_tables, move_notes_to_the_end, ocr_scanned_pages
from .raw import IngestError, IngestOptions, PageInfo, RawDocument


def read_image(data: bytes, options: IngestOptions) -> RawDocument:
    """A scanned page as an image (.png/.jpg/.tif, multi-page TIFF too) → OCR'd text."""
    if not options.ocr:
        raise IngestError("an image has no text layer and OCR is disabled", kind="no_text")
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > Image.MAX_IMAGE_PIXELS:
            raise Image.DecompressionBombError(f"{width} × {height} pixels")
        count = getattr(image, "n_frames", 1)
        if count > options.max_pages:
            raise IngestError(f"more than {options.max_pages} pages", kind="too_large")
        first = _frame(image, 0)  # a file that cannot be decoded at all is refused here
    except Image.DecompressionBombError as exc:
        raise IngestError("image too large to OCR", kind="too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise IngestError(f"not a readable image ({exc})", kind="corrupt") from exc
    dpi = round(float((image.info.get("dpi") or (options.ocr_dpi, 0))[0])) or options.ocr_dpi
    frames = (first if index == 0 else _frame_or_none(image, index) for index in range(count))
    pages = [Page(index + 1, []) for index in range(count)]
    warnings: list[str] = []
    ocr_scanned_pages(frames, pages, list(range(count)), options, dpi, warnings)
    move_notes_to_the_end(pages)
    tables = merge_continued_tables(pages)
    if not any(line.strip() for page in pages for line in page.lines):
        warnings.append("OCR found no text in the image")
    scaled = within_budget(width, height, 1.0)
    if scaled < 1.0:
        warnings.append(f"the image ({width} × {height} pixels) was scaled by {scaled:.2f} for "
                        f"OCR (at most {MAX_OCR_PIXELS // 1_000_000} million pixels a page)")
    return RawDocument(
        format="image",
        pages=["\n".join(page.lines) for page in pages],
        paged=count > 1,
        page_info=[PageInfo(page.number, "ocr" if any(s.strip() for s in page.lines) else "none",
                            page.confidence) for page in pages],
        tables=tables,
        warnings=warnings,
    )


def _frame(image: Image.Image, index: int) -> Image.Image:
    """Frame ``index`` in RGB, scaled down to ``MAX_OCR_PIXELS`` when larger."""
    image.seek(index)
    frame = image.convert("RGB")
    scale = within_budget(*frame.size, 1.0)
    if scale < 1.0:
        size = (max(1, int(frame.width * scale)), max(1, int(frame.height * scale)))
        frame = frame.resize(size, Image.Resampling.LANCZOS)
    return frame


def _frame_or_none(image: Image.Image, index: int) -> Image.Image | None:
    try:
        return _frame(image, index)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # a damaged later frame: that page comes back empty, with a warning
