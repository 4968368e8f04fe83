//! Markdown (CommonMark with footnotes) → `Document`.
