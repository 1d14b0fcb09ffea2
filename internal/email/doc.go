// Package email makes e-mail editions ready to send: it takes the HTML that
// a layout wrote (news/email.html, news/email.txt, the letter's layout),
// inlines its styles, writes its text part, wraps both in an RFC 5322
// message, lints it for what mail clients break, and sends a test copy to
// one address. It writes no markup of its own beyond what a transformation
// needs (the style attributes, the hidden preheader); the layouts decide
// what an edition looks like.
//
// The engine and the CLI call it in this order:
//
//	html, _ := email.Inline(layoutOutput)  // email.html
//	findings := email.Lint(html)           // alliance check
//	msg := email.Message{From: ..., Subject: ..., Date: ..., Preheader: summary, HTML: string(html)}
//	eml, _ := msg.Bytes()                  // lettre.eml
//	err := email.Send(ctx, smtp, from, "editor@example.org", eml) // --send-test
//
// # Inlining
//
// Inline writes every rule of the document's <style> elements into the
// style attribute of the elements it matches, in the order of the CSS
// cascade: !important, then the style attribute, then specificity (as
// github.com/andybalholm/cascadia computes it, pseudo-classes counting as
// classes), then order. For each property it keeps the declarations of the
// winning rule, in the order of precedence, so that shorthands and
// longhands combine as they did and a rule's own fallbacks
// ("background:red; background:linear-gradient(...)") stay. After Inline
// the document looks the same with every <style> element removed, as the
// SFR and La Poste webmails do (since July 2025) and Gmail partly does.
// What a style attribute cannot hold stays in one <style> element, for the
// clients that apply it, as a progressive enhancement: @media queries (dark
// mode, small screens), :hover and other dynamic pseudo-classes,
// pseudo-elements. Their declarations are made !important so that they win
// over the inlined styles; an edition must read well without them.
//
// github.com/vanng822/go-premailer does the same job but gets the cascade
// wrong where a layout would notice: a style attribute beats a rule's
// !important, :first-child weighs nothing against "div p", and rules with
// "*" are not inlined at all (so they vanish with <style>). It also brings
// 15 modules, among them an HTML-to-text converter and a terminal table
// writer this package does not use. The inliner here is about 300 lines on
// cascadia (selectors and specificity), github.com/tdewolff/parse (CSS
// syntax) and golang.org/x/net/html, and TestCascadeInBrowser holds it to
// Chromium's computed styles.
//
// # Text
//
// Text writes the text part from the edition's HTML (or any HTML, such as
// a Markdown body), for a person to read:
//   - headings underlined: "=" for h1, "-" for h2, "~" below;
//   - paragraphs, lists, quotes, tables and preformatted text separated by
//     blank lines;
//   - list items after "- " or "1. " (an ordered list's start and an item's
//     value are kept), their other lines indented to the text;
//   - quotations after "> ";
//   - links followed by a reference, "text [1]", and the numbered URLs at the
//     end; a link whose text is its URL, and relative or fragment links,
//     get none;
//   - images as their alt text;
//   - a superscript number (a note's call) in superscript digits, "¹";
//   - data tables (with <th>, not role="presentation") as aligned columns
//     when they fit, else one record per row ("Lieu : Lyon"); layout
//     tables as their cells' content, one after another;
//   - what a reader does not see (head, scripts, styles, hidden elements
//     such as the preheader) left out;
//   - lines of at most TextWidth (72) columns, broken at spaces only: never
//     inside a word or URL, nor at a no-break space (U+00A0, U+202F), so a
//     longer word or URL has a line of its own; preformatted lines are kept
//     as they are unless too wide, when they break at a space too.
//
// github.com/k3a/html2text was weighed: it works on regular expressions
// and has none of the headings, references, wrapping, quotes or tables
// above, so Text is written here on golang.org/x/net/html.
//
// # Messages
//
// Message.Bytes writes headers (Date, From, To, Subject, Message-ID,
// List-Unsubscribe, List-Unsubscribe-Post, MIME-Version, Content-Type)
// with RFC 2047 encoded words where the text is not plain ASCII, and a
// multipart/alternative body: text/plain, then text/html, both UTF-8 and
// quoted-printable. Everything is derived from the Message, with no clock
// and no randomness, so the same edition gives the same bytes; the standard
// library's mime/multipart and mime/quotedprintable write the body.
// github.com/wneessen/go-mail was weighed: its messages set a random
// boundary and Message-ID and an X-Mailer unless told otherwise, it sends
// its own message type rather than given bytes, and it brings
// golang.org/x/crypto; the standard library does all this package needs.
//
// # Sending
//
// Send sends the bytes of a message to one address, through net/smtp:
// STARTTLS (or TLS on port 465) with a verified certificate is required
// unless the server is on the loopback host, and the password is sent
// only then.
//
// # Lint
//
// Lint reports, with the line in the HTML, what mail clients break:
//   - size: HTML over MaxHTMLSize (100 KB); Gmail clips past about 102 KB;
//   - img: an <img> without alt, width or height (images are often
//     blocked, and Outlook for Windows needs their size);
//   - relative-url: an href, src or url() that is not absolute;
//   - script, stylesheet, web-font, srcset, picture: <script> and
//     javascript: URLs, <link rel=stylesheet> and @import, @font-face,
//     srcset, <picture>: mail clients remove or ignore them;
//   - image-format: WebP, AVIF, SVG, HEIC, JPEG XL or data: images, which
//     some major client cannot show (Outlook for Windows shows no WebP);
//   - CSS that clients drop: position (Gmail, Outlook), float on anything
//     but an image (Outlook for Windows), display:flex or grid (Outlook for
//     Windows, several webmails), CSS variables (Gmail, Outlook), a
//     background image on another element than <body>, <table>, <td> or
//     <th> (Outlook for Windows);
//   - not-inlined: a rule left in <style> outside @media that is not a
//     dynamic pseudo-class: it is lost where <style> is dropped;
//   - width: a width attribute, or a width or min-width style, over
//     MaxWidth (600 px);
//   - css-syntax: a syntax error in a <style> element.
//
// Lint expects an edition after Inline; the link to the web version is the
// layout's and the engine's concern.
package email
