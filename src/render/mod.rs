//! The site as HTML pages: the section tree of "Amministrazione Trasparente" and the conversion of
//! Markdown and legacy HTML from data into safe HTML.

pub mod markdown;
pub mod tree;
