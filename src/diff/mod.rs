//! Diff: the only module that uses `similar`. Aligns two documents paragraph by paragraph,
//! then compares words inside changed paragraphs, and detects moved paragraphs.
