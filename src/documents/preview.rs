//! Page previews: one page of a laid-out document drawn as a PNG (typst-render), for the
//! workplace's Dokumente page. Drawn from the same layout the PDF was written from, so the
//! preview shows exactly the page of the PDF.

use typst_layout::PagedDocument;

/// Pixels per typographic point: an A4 page becomes 595 × 842 pixels, sharp enough to
/// proofread on a screen and small enough to draw a page in a few milliseconds.
const PIXELS_PER_POINT: f64 = 1.0;

/// Page `index` (from 0) of `layout` as PNG bytes; `None` past the last page.
pub(crate) fn page_png(layout: &PagedDocument, index: usize) -> Option<Vec<u8>> {
    let page = layout.pages().get(index)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: PIXELS_PER_POINT.into(),
        render_bleed: false,
    };
    typst_render::render(page, &options).encode_png().ok()
}

/// The size in pixels of page `index`, for the `width` and `height` of its image.
pub(crate) fn page_size(layout: &PagedDocument, index: usize) -> Option<(u32, u32)> {
    let size = layout.pages().get(index)?.frame.size();
    let pixels = |points: f64| (points * PIXELS_PER_POINT).round().max(1.0) as u32;
    Some((pixels(size.x.to_pt()), pixels(size.y.to_pt())))
}
