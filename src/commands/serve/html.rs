//! HTML built so that data can only ever be text: [`Html::text`] escapes everything it is
//! given, and markup comes only from `&'static str` literals written in this crate. A measure
//! text holding `<script>` is shown as those characters, never run.

/// A page under construction.
#[derive(Default)]
pub(crate) struct Html {
    out: String,
}

impl Html {
    /// Markup written in the source code (never data).
    pub(crate) fn markup(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Data as text: `&`, `<`, `>`, `"` and `'` escaped.
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '"' => self.out.push_str("&quot;"),
                '\'' => self.out.push_str("&#39;"),
                c => self.out.push(c),
            }
        }
        self
    }

    /// An element holding text: `<tag>text</tag>`, the tag from the source code.
    pub(crate) fn element(
        &mut self,
        open: &'static str,
        text: &str,
        close: &'static str,
    ) -> &mut Self {
        self.markup(open).text(text).markup(close)
    }

    /// The finished page.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_always_text() {
        let mut html = Html::default();
        html.element("<p>", "<script>alert('x')</script> & \"#$*@", "</p>");
        assert_eq!(
            html.finish(),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;#$*@</p>"
        );
    }
}
