"""Rebuild data/raw/samples/milebymile-pt-week-2.html from the founding post's seed text.

The seed (../shared/seeds/milebymile-pt-week-2.txt) is the founding post as a reader saw it:
site chrome, the post, the 65-comment thread (bullets and indentation show nav menus and
comment threading), sidebar and footer. This one-off script puts every line of it back into
the markup the live page used: a Genesis-framework WordPress child theme behind Cloudflare
(e-mail-looking comment names shown as Cloudflare's "[email protected]" placeholder), with
Yoast SEO metadata, a Mailchimp box and a Smash Balloon Instagram feed.

All visible text comes from the seed; the script only adds markup, attributes, scripts and
styles, plus the few controls a live page carries that the seed's text does not show: the
comments' "Reply" links, the comment form, and the options of the two sidebar dropdowns.

    .venv/bin/python scripts/build_founding_sample.py [SEED] [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = REPO / ".." / "shared" / "seeds" / "milebymile-pt-week-2.txt"
DEFAULT_OUT = REPO / "data" / "raw" / "samples" / "milebymile-pt-week-2.html"

SITE = "https://www.milebymile.net"
POST_URL = f"{SITE}/adventures-in-physical-therapy-week-2/"
POST_ID = 6521
POST_AUTHOR = "Lisa"
POST_AUTHOR_LOGIN = "lisa"
# The address the post author comments under (her display name), and the reader of
# comment #19 whose display name was also an address; Cloudflare hides both.
POST_AUTHOR_EMAIL = "lisa@milebymile.net"
READER_19_EMAIL = "kbrennan.runs@example.com"
PUBLISHED = datetime(2015, 2, 17, 4, 0, 37, tzinfo=timezone(timedelta(hours=-5)))
MODIFIED = datetime(2019, 6, 3, 21, 14, 8, tzinfo=timezone(timedelta(hours=-4)))
UPLOADS = f"{SITE}/wp-content/uploads/2015/02"
BULLET = "\u2022"
NBSP = "\u00a0"
PLACEHOLDER = f"[email{NBSP}protected]"

# Caption line in the seed -> (attachment id, image file, width, height).
CAPTIONS = {
    "Adventures in Physical Therapy Week 2": (6523, "adventures-in-physical-therapy-week-2.jpg", 600, 900),
    "physical therapy week 2: abductor strengthening": (6524, "pt-week-2-abductor-strengthening.jpg", 600, 400),
    "physical therapy week 2: balance ball toss": (6525, "pt-week-2-balance-ball-toss.jpg", 600, 400),
    "physical therapy week 2: bridge with ball": (6526, "pt-week-2-bridge-with-ball.jpg", 600, 400),
    "adductors with band": (6527, "adductors-with-band.jpg", 600, 400),
    "piriformis stretching": (6528, "piriformis-stretching.jpg", 600, 300),
    "piriformis release": (6529, "piriformis-release.jpg", 600, 400),
    "physical therapy week 2: adductor stretch": (6530, "pt-week-2-adductor-stretch.jpg", 600, 400),
}
# Words of the body that were links on the live page.
BODY_LINKS = {
    "this post": f"{SITE}/adventures-in-physical-therapy-week-1-gait-analysis/",
    "disclaimer": f"{SITE}/disclaimer/",
    "these workouts": f"{SITE}/category/workouts/running-workouts/",
    "total body workouts": f"{SITE}/category/workouts/strength-training-workouts/",
}
RELATED_SLUGS = [
    "10-thoughts-this-thursday",
    "thoughts-on-running-lately",
    "how-to-avoid-injury-after-completing-a-goal-race",
    "7-tips-for-returning-to-running-after-an-injury",
]
SOCIAL = {
    "Bloglovin": "https://www.bloglovin.com/blogs/mile-by-mile-12345678",
    "Email": "mailto:" + POST_AUTHOR_EMAIL,  # see social_href()
    "Facebook": "https://www.facebook.com/milebymileblog",
    "Instagram": "https://www.instagram.com/milebymileblog/",
    "Pinterest": "https://www.pinterest.com/milebymileblog/",
    "Twitter": "https://twitter.com/milebymileblog",
}

# WordPress's wptexturize stores typographic characters as numeric entities.
ENTITIES = {
    "\u2019": "&#8217;", "\u2018": "&#8216;", "\u201c": "&#8220;", "\u201d": "&#8221;",
    "\u2013": "&#8211;", "\u2014": "&#8212;", "\u2026": "&#8230;", NBSP: "&nbsp;",
}


def wp(text: str) -> str:
    """Escape text the way WordPress prints post and comment text."""
    out = html.escape(text, quote=False)
    for char, entity in ENTITIES.items():
        out = out.replace(char, entity)
    return out


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cf_encode(address: str, key: int) -> str:
    """Cloudflare e-mail obfuscation: key byte, then every byte of the address XOR key."""
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode())


def cf_decode(hexstr: str) -> str:
    key = int(hexstr[:2], 16)
    return bytes(int(hexstr[i:i + 2], 16) ^ key for i in range(2, len(hexstr), 2)).decode()


def cf_email(address: str, key: int) -> str:
    assert cf_decode(cf_encode(address, key)) == address
    return (f'<a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
            f'data-cfemail="{cf_encode(address, key)}">[email&#160;protected]</a>')


def social_href(label: str) -> str:
    """Cloudflare rewrites mailto: links as well, the encoded address after the '#'."""
    href = SOCIAL[label]
    if href.startswith("mailto:"):
        return "/cdn-cgi/l/email-protection#" + cf_encode(href[len("mailto:"):], key=0x5A)
    return href


# --------------------------------------------------------------------------- seed reading


class Seed:
    """A cursor over the seed's lines; every read checks the seed still says what we expect."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.i = 0

    def _skip_blank(self) -> None:
        while self.i < len(self.lines) and not self.lines[self.i].strip(" \t"):
            self.i += 1

    def peek(self) -> str:
        self._skip_blank()
        return self.lines[self.i] if self.i < len(self.lines) else ""

    def take(self, expect: str | None = None, pattern: str | None = None) -> str:
        line = self.peek()
        self.i += 1
        text = line.strip(" ")
        if expect is not None and text != expect:
            raise SystemExit(f"seed line {self.i}: expected {expect!r}, found {text!r}")
        if pattern is not None and not re.fullmatch(pattern, text):
            raise SystemExit(f"seed line {self.i}: {text!r} does not match {pattern!r}")
        return text

    def block(self) -> list[str]:
        """The next run of non-blank lines, as they are (indentation kept)."""
        self._skip_blank()
        out = []
        while self.i < len(self.lines) and self.lines[self.i].strip(" \t"):
            out.append(self.lines[self.i])
            self.i += 1
        return out

    def bullets(self, blank_before: set[int] | None = None) -> list[tuple[int, str]]:
        """Consecutive bullet lines: (level, text). Blank lines between them are allowed;
        the positions of items a blank line precedes go into `blank_before`."""
        out: list[tuple[int, str]] = []
        while self.peek().lstrip(" ").startswith(BULLET):
            if out and not self.lines[self.i - 1].strip(" \t") and blank_before is not None:
                blank_before.add(len(out))
            line = self.peek()
            self.i += 1
            indent = len(line) - len(line.lstrip(" "))
            out.append((max(indent - 2, 0) // 2, line.strip(" ")[1:].strip(" ")))
        return out


@dataclass
class Comment:
    number: int | None           # the seed's 1-34 for top-level comments
    name: str
    when: datetime
    visible_when: str
    paragraphs: list[list[str]]  # paragraphs of lines joined by <br>
    depth: int
    children: list["Comment"] = field(default_factory=list)
    id: int = 0

    @property
    def by_post_author(self) -> bool:
        # Indented "[email protected] says" replies are Lisa's; comment #19 is a reader's.
        return self.name == PLACEHOLDER and self.depth > 0


def eastern(visible: str) -> datetime:
    naive = datetime.strptime(visible, "%B %d, %Y at %I:%M %p")
    # US Eastern: EDT from the second Sunday of March to the first Sunday of November.
    def nth_sunday(year: int, month: int, n: int) -> datetime:
        day = datetime(year, month, 1)
        day += timedelta(days=(6 - day.weekday()) % 7)
        return day + timedelta(weeks=n - 1, hours=2)
    dst = nth_sunday(naive.year, 3, 2) <= naive < nth_sunday(naive.year, 11, 1)
    return naive.replace(tzinfo=timezone(timedelta(hours=-4 if dst else -5)))


def read_comments(seed: Seed) -> list[Comment]:
    header = re.compile(r"^( *)(?:(\d+)\.|" + BULLET + r") (.+) says$")
    top: list[Comment] = []
    stack: list[Comment] = []
    while seed.peek() != "Primary Sidebar":
        line = seed.peek()
        seed.i += 1
        m = header.match(line)
        if not m:
            raise SystemExit(f"seed line {seed.i}: expected a comment header, found {line!r}")
        depth = (len(m.group(1)) - 2) // 2
        visible = seed.take(pattern=r"[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d\d [ap]m")
        text_indent = len(m.group(1)) + 2
        paragraphs: list[list[str]] = []
        while True:
            nxt = seed.peek()
            indent = len(nxt) - len(nxt.lstrip(" "))
            if not nxt or header.match(nxt) or nxt == "Primary Sidebar" or indent < text_indent:
                break
            paragraphs.append([ln[text_indent:] for ln in seed.block()])
        comment = Comment(int(m.group(2)) if m.group(2) else None, m.group(3), eastern(visible),
                          visible, paragraphs, depth)
        del stack[depth:]
        (stack[-1].children if stack else top).append(comment)
        stack.append(comment)
    return top


def walk(comments: list[Comment]):
    for c in comments:
        yield c
        yield from walk(c.children)


# --------------------------------------------------------------------------- templates

HEAD = """<!DOCTYPE html>
<html lang="en-US">
<head >
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />

	<!-- This site is optimized with the Yoast SEO plugin v24.9 - https://yoast.com/wordpress/plugins/seo/ -->
	<title>{title} - Mile By Mile</title>
	<meta name="description" content="{description}" />
	<link rel="canonical" href="{url}" />
	<meta property="og:locale" content="en_US" />
	<meta property="og:type" content="article" />
	<meta property="og:title" content="{title} - Mile By Mile" />
	<meta property="og:description" content="{description}" />
	<meta property="og:url" content="{url}" />
	<meta property="og:site_name" content="Mile By Mile" />
	<meta property="article:publisher" content="https://www.facebook.com/milebymileblog" />
	<meta property="article:published_time" content="{published_utc}" />
	<meta property="article:modified_time" content="{modified_utc}" />
	<meta property="og:image" content="{image}" />
	<meta property="og:image:width" content="600" />
	<meta property="og:image:height" content="900" />
	<meta property="og:image:type" content="image/jpeg" />
	<meta name="author" content="{author}" />
	<meta name="twitter:card" content="summary_large_image" />
	<meta name="twitter:creator" content="@milebymileblog" />
	<meta name="twitter:site" content="@milebymileblog" />
	<meta name="twitter:label1" content="Written by" />
	<meta name="twitter:data1" content="{author}" />
	<meta name="twitter:label2" content="Est. reading time" />
	<meta name="twitter:data2" content="4 minutes" />
	<script type="application/ld+json" class="yoast-schema-graph">{ld_json}</script>
	<!-- / Yoast SEO plugin. -->


<link rel='dns-prefetch' href='//scripts.mediavine.com' />
<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="Mile By Mile &raquo; Feed" href="{site}/feed/" />
<link rel="alternate" type="application/rss+xml" title="Mile By Mile &raquo; Comments Feed" href="{site}/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="Mile By Mile &raquo; {title_attr} Comments Feed" href="{url}feed/" />
<link rel='stylesheet' id='carpe-diem-css' href='{site}/wp-content/themes/carpe-diem/style.css?ver=1.0.4' type='text/css' media='all' />
<style id='carpe-diem-inline-css' type='text/css'>
.site-title a, .site-title a:hover {{ color: #333333; }}
.entry-content .wp-caption-text {{ font-style: italic; text-align: center; }}
.genesis-nav-menu .sub-menu a {{ padding: 12px 16px; }}
</style>
<link rel='stylesheet' id='wp-block-library-css' href='{site}/wp-includes/css/dist/block-library/style.min.css?ver=6.8.1' type='text/css' media='all' />
<link rel='stylesheet' id='simple-social-icons-font-css' href='{site}/wp-content/plugins/simple-social-icons/css/style.css?ver=3.0.2' type='text/css' media='all' />
<link rel='stylesheet' id='sbi_styles-css' href='{site}/wp-content/plugins/instagram-feed/css/sbi-styles.min.css?ver=6.6.1' type='text/css' media='all' />
<link rel='stylesheet' id='google-fonts-css' href='//fonts.googleapis.com/css?family=Lato%3A300%2C400%2C700%7CPlayfair+Display&#038;ver=1.0.4' type='text/css' media='all' />
<style id='global-styles-inline-css' type='text/css'>
:root{{--wp--preset--color--black: #000000;--wp--preset--color--white: #ffffff;--wp--preset--font-size--small: 13px;--wp--preset--font-size--large: 36px;}}
:where(.is-layout-flex){{gap: 0.5em;}}
</style>
<script type="text/javascript" src="{site}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script type="text/javascript" src="{site}/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1" id="jquery-migrate-js"></script>
<script type="text/javascript" async="async" data-noptimize="1" data-cfasync="false" src="https://scripts.mediavine.com/tags/mile-by-mile.js?ver=6.8.1" id="mv-script-wrapper-js"></script>
<link rel="https://api.w.org/" href="{site}/wp-json/" /><link rel="alternate" title="JSON" type="application/json" href="{site}/wp-json/wp/v2/posts/{post_id}" />
<meta name="generator" content="WordPress 6.8.1" />
<link rel='shortlink' href='{site}/?p={post_id}' />
<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" href="{site}/wp-json/oembed/1.0/embed?url={url_q}" />
<link rel="pingback" href="{site}/xmlrpc.php" />
<script type="text/javascript">
	var sbiajaxurl = "{site}/wp-admin/admin-ajax.php";
	window.dataLayer = window.dataLayer || [];
	function gtag(){{dataLayer.push(arguments);}}
	gtag('js', new Date());
	gtag('config', 'UA-41234567-1', {{ 'anonymize_ip': true }});
</script>
<style type="text/css">.recentcomments a{{display:inline !important;padding:0 !important;margin:0 !important;}}</style>
<link rel="icon" href="{site}/wp-content/uploads/2017/01/cropped-mbm-icon-32x32.png" sizes="32x32" />
<link rel="apple-touch-icon" href="{site}/wp-content/uploads/2017/01/cropped-mbm-icon-180x180.png" />
</head>
"""

BODY_OPEN = """<body class="post-template-default single single-post postid-{post_id} single-format-standard custom-header header-image header-full-width content-sidebar genesis-breadcrumbs-hidden genesis-footer-widgets-visible carpe-diem" itemscope itemtype="https://schema.org/WebPage"><div class="site-container"><ul class="genesis-skip-link"><li><a href="#genesis-content" class="screen-reader-shortcut"> {skip[0]}</a></li><li><a href="#genesis-sidebar-primary" class="screen-reader-shortcut"> {skip[1]}</a></li><li><a href="#genesis-footer-widgets" class="screen-reader-shortcut"> {skip[2]}</a></li></ul><header class="site-header" itemscope itemtype="https://schema.org/WPHeader"><div class="wrap"><div class="title-area"><p class="site-title" itemprop="headline"><a href="{site}/">{site_title}</a></p><p class="site-description" itemprop="description">{site_description}</p></div></div></header><nav class="nav-primary" aria-label="Main" itemscope itemtype="https://schema.org/SiteNavigationElement" id="genesis-nav-primary"><div class="wrap">{menu}</div></nav><div class="site-inner"><div class="content-sidebar-wrap"><main class="content" id="genesis-content">"""

ARTICLE_OPEN = """<article class="post-{post_id} post type-post status-publish format-standard has-post-thumbnail category-injuries category-physical-therapy entry" aria-label="{title_attr}" itemscope itemtype="https://schema.org/CreativeWork"><header class="entry-header"><p class="entry-meta"><span class="entry-categories">in {category_links}</span> &middot; <time class="entry-time" itemprop="datePublished" datetime="{published}">{published_visible}</time></p><h1 class="entry-title" itemprop="headline">{title}</h1>
</header><div class="entry-content" itemprop="text">"""

CAPTION = """<div id="attachment_{att_id}" style="width: {box}px" class="wp-caption aligncenter"><a href="{uploads}/{file}"><img decoding="async" aria-describedby="caption-attachment-{att_id}" class="size-full wp-image-{att_id}" src="{uploads}/{file}" alt="{alt}" width="{w}" height="{h}" srcset="{uploads}/{file} {w}w, {uploads}/{small} 300w" sizes="(max-width: {w}px) 100vw, {w}px" /></a><p id="caption-attachment-{att_id}" class="wp-caption-text">{caption}</p></div>
"""

AFTER_BODY = """<div class='yarpp yarpp-related yarpp-related-website yarpp-template-list'>
<!-- YARPP List -->
<h3>{related_heading}</h3><ol>
{related_items}
</ol>
</div>
<!--<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
			xmlns:dc="http://purl.org/dc/elements/1.1/"
			xmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/">
		<rdf:Description rdf:about="{url}"
    dc:identifier="{url}"
    dc:title="{title_attr}"
    trackback:ping="{url}trackback/" />
</rdf:RDF>-->
</div><footer class="entry-footer"></footer></article><div class="after-entry widget-area"><section id="text-9" class="widget widget_text"><div class="widget-wrap"><h3 class="widgettitle widget-title">{coaching_title}</h3>
			<div class="textwidget"><p>{coaching_text}</p>
</div>
		</div></section>
<section id="custom_html-4" class="widget_text widget widget_custom_html"><div class="widget_text widget-wrap"><h3 class="widgettitle widget-title">{newsletter_title}</h3>
<div class="textwidget custom-html-widget"><!-- Begin Mailchimp Signup Form -->
<link href="//cdn-images.mailchimp.com/embedcode/classic-10_7.css" rel="stylesheet" type="text/css">
<style type="text/css">
	#mc_embed_signup{{background:#fff; clear:left; font:14px Helvetica,Arial,sans-serif; }}
</style>
<div id="mc_embed_signup">
<form action="https://milebymile.us10.list-manage.com/subscribe/post?u=4f1c2d3e4b5a69788796a5b4c&amp;id=0a1b2c3d4e" method="post" id="mc-embedded-subscribe-form" name="mc-embedded-subscribe-form" class="validate" target="_blank" novalidate>
    <div id="mc_embed_signup_scroll">
	<p class="mc-intro">{newsletter_text}</p>
<div class="indicates-required"><span class="asterisk">*</span> {required_rest}</div>
<div class="mc-field-group">
	<input type="email" value="" name="EMAIL" class="required email" id="mce-EMAIL" placeholder="Email Address *" aria-label="Email Address (required)">
</div>
<div class="mc-field-group">
	<input type="text" value="" name="FNAME" class="" id="mce-FNAME" placeholder="First Name" aria-label="First Name">
</div>
	<div id="mce-responses" class="clear">
		<div class="response" id="mce-error-response" style="display:none"></div>
		<div class="response" id="mce-success-response" style="display:none"></div>
	</div>    <!-- real people should not fill this in and expect good things - do not remove this or risk form bot signups-->
    <div style="position: absolute; left: -5000px;" aria-hidden="true"><input type="text" name="b_4f1c2d3e4b5a69788796a5b4c_0a1b2c3d4e" tabindex="-1" value=""></div>
    <div class="clear"><input type="submit" value="Subscribe" name="subscribe" id="mc-embedded-subscribe" class="button"></div>
    </div>
</form>
</div>
<script type='text/javascript' src='//s3.amazonaws.com/downloads.mailchimp.com/js/mc-validate.js'></script><script type='text/javascript'>(function($) {{window.fnames = new Array(); window.ftypes = new Array();fnames[0]='EMAIL';ftypes[0]='email';fnames[1]='FNAME';ftypes[1]='text';}}(jQuery));var $mcj = jQuery.noConflict(true);</script>
<!--End mc_embed_signup--></div></div></section>
</div><div class="adjacent-entry-pagination pagination"><div class="pagination-previous alignleft"><a href="{site}/weekend-things-and-10-valentines-days/" rel="prev"><span class="screen-reader-text">{prev_label} </span><span class="adjacent-post-link">&#xAB; {prev_title}</span></a></div><div class="pagination-next alignright"><a href="{site}/mostly-the-same-meals-snow-day-food-wiaw/" rel="next"><span class="screen-reader-text">{next_label} </span><span class="adjacent-post-link">{next_title} &#xBB;</span></a></div></div><h2 class="screen-reader-text">{reader_interactions}</h2><div class="entry-comments" id="comments"><h3>{comments_heading}</h3><ol class="comment-list">
"""

COMMENT = """	<li class="{classes}" id="comment-{id}">
	<article id="article-comment-{id}" itemprop="comment" itemscope itemtype="https://schema.org/Comment">

		
		<header class="comment-header">
			<p class="comment-author" itemprop="author" itemscope itemtype="https://schema.org/Person">
				<img alt='' src='https://secure.gravatar.com/avatar/{gravatar}?s=48&#038;d=mm&#038;r=g' srcset='https://secure.gravatar.com/avatar/{gravatar}?s=96&#038;d=mm&#038;r=g 2x' class='avatar avatar-48 photo' height='48' width='48' loading='lazy' decoding='async'/><span class="comment-author-name" itemprop="name">{name}</span> <span class="says">says</span>			</p>

			<p class="comment-meta"><time class="comment-time" datetime="{datetime}" itemprop="datePublished"><a class="comment-time-link" href="{url}#comment-{id}" itemprop="url">{visible_when}</a></time></p>		</header>

		<div class="comment-content" itemprop="text">
			
			{text}
		</div>

		<div class="comment-reply"><a rel="nofollow" class="comment-reply-link" href="{url}?replytocom={id}#respond" data-commentid="{id}" data-postid="{post_id}" data-belowelement="article-comment-{id}" data-respondelement="respond" data-replyto="Reply to {name_attr}" aria-label="Reply to {name_attr}">Reply</a></div>

		
	</article>
	{children}</li><!-- #comment-## -->
"""

RESPOND = """</ol></div>	<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{url}#respond" style="display:none;">Cancel reply</a></small></h3><form action="{site}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p><p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p><p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{post_id}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' />
</p><p style="display: none;"><input type="hidden" id="akismet_comment_nonce" name="akismet_comment_nonce" value="5b0e1f2a3c" /></p><p style="display: none !important;" class="akismet-fields-container" data-prefix="ak_"><label>&#916;<textarea name="ak_hp_textarea" cols="45" rows="8" maxlength="100"></textarea></label><input type="hidden" id="ak_js_1" name="ak_js" value="62"/><script>document.getElementById( "ak_js_1" ).setAttribute( "value", ( new Date() ).getTime() );</script></p></form>	</div><!-- #respond -->
	</main>"""

SIDEBAR = """<aside class="sidebar sidebar-primary widget-area" role="complementary" aria-label="{label}" itemscope itemtype="https://schema.org/WPSideBar" id="genesis-sidebar-primary"><h2 class="genesis-sidebar-title screen-reader-text">{label}</h2><section id="text-2" class="widget widget_text"><div class="widget-wrap"><h3 class="widgettitle widget-title">{welcome}</h3>
			<div class="textwidget"><p><a href="{site}/about/"><img loading="lazy" decoding="async" class="aligncenter size-full wp-image-9012" src="{site}/wp-content/uploads/2018/03/lisa-sidebar.jpg" alt="" width="300" height="300" /></a></p>
</div>
		</div></section>
{ad_1}<section id="text-7" class="widget widget_text"><div class="widget-wrap"><h3 class="widgettitle widget-title">{plans_title}</h3>
			<div class="textwidget"><p><a href="{site}/store/"><img loading="lazy" decoding="async" class="aligncenter size-medium wp-image-14102" src="{site}/wp-content/uploads/2020/01/training-plans-300x300.png" alt="" width="300" height="300" /></a><br />
<a href="{site}/store/">{plans_link}</a></p>
</div>
		</div></section>
{social_sidebar}<section id="calendar-2" class="widget widget_calendar"><div class="widget-wrap"><div id="calendar_wrap" class="calendar_wrap">{calendar}</div></div></section>
<section id="archives-3" class="widget widget_archive"><div class="widget-wrap"><h3 class="widgettitle widget-title">{archives_title}</h3>
		<label class="screen-reader-text" for="archives-dropdown-3">{archives_title}</label>
		<select id="archives-dropdown-3" name="archive-dropdown">
			<option value="">Select Month</option>
				<option value='{site}/2025/05/'> May 2025 </option>
	<option value='{site}/2025/04/'> April 2025 </option>
	<option value='{site}/2015/03/'> March 2015 </option>
	<option value='{site}/2015/02/'> February 2015 </option>
	<option value='{site}/2015/01/'> January 2015 </option>
		</select>
<script type="text/javascript">
(function() {{
	var dropdown = document.getElementById( "archives-dropdown-3" );
	function onSelectChange() {{
		if ( dropdown.options[ dropdown.selectedIndex ].value !== '' ) {{
			document.location.href = this.options[ this.selectedIndex ].value;
		}}
	}}
	dropdown.onchange = onSelectChange;
}})();
</script>
</div></section>
<section id="categories-3" class="widget widget_categories"><div class="widget-wrap"><h3 class="widgettitle widget-title">{categories_title}</h3><form action="{site}" method="get"><label class="screen-reader-text" for="cat">{categories_title}</label><select  name='cat' id='cat' class='postform'>
	<option value='-1'>Select Category</option>
	<option class="level-0" value="12">Injuries</option>
	<option class="level-0" value="57">Physical Therapy</option>
	<option class="level-0" value="3">Running</option>
	<option class="level-1" value="88">&nbsp;&nbsp;&nbsp;Fartlek Friday</option>
	<option class="level-0" value="41">Workouts</option>
</select>
</form><script type="text/javascript">
(function() {{
	var dropdown = document.getElementById( "cat" );
	function onCatChange() {{
		if ( dropdown.options[ dropdown.selectedIndex ].value > 0 ) {{
			dropdown.parentNode.submit();
		}}
	}}
	dropdown.onchange = onCatChange;
}})();
</script>
</div></section>
{certifications}{ad_2}{ad_3}<section id="text-12" class="widget widget_text"><div class="widget-wrap">			<div class="textwidget"><p>{rights}</p>
</div>
		</div></section>
</aside></div></div>"""

CERTIFICATION = """<section id="media_image-{n}" class="widget widget_media_image"><div class="widget-wrap"><h3 class="widgettitle widget-title">{title}</h3>
<div style="width: 210px" class="wp-caption alignnone"><img width="200" height="200" src="{site}/wp-content/uploads/2019/0{n}/{file}" class="image wp-image-1110{n} attachment-full size-full" alt="" style="max-width: 100%; height: auto;" decoding="async" loading="lazy" /><p class="wp-caption-text">{caption}</p></div></div></section>
"""

AD = """<section id="custom_html-{n}" class="widget_text widget widget_custom_html"><div class="widget_text widget-wrap"><div class="textwidget custom-html-widget"><div class="sheknows-infuse-ad-callout" style="text-align:center"><div class="sheknows-infuse-ad-callout__logo"><span>{logo}</span></div><div class="sheknows-infuse-ad-callout__text">{by}</div></div><div id="sidebar-ad-{n}" class="mv-ad-box" data-slotname="sidebar_{n}"></div></div></div></section>
"""

SOCIAL_WIDGET = """<section id="simple-social-icons-{n}" class="widget simple-social-icons"><div class="widget-wrap">{title}<ul class="aligncenter">{items}</ul></div></section>
"""

SOCIAL_ITEM = """<li class="ssi-{key}" ><a href="{href}" target="_blank" rel="noopener noreferrer"><svg role="img" class="social-{key}" aria-labelledby="social-{key}-{n}"><title id="social-{key}-{n}">{label}</title><use xlink:href="{site}/wp-content/plugins/simple-social-icons/symbol-defs.svg#social-{key}"></use></svg></a></li>"""

FOOTER = """<div class="footer-widgets" id="genesis-footer-widgets"><h2 class="genesis-sidebar-title screen-reader-text">{footer_label}</h2><div class="wrap"><div class="widget-area footer-widgets-1 footer-widget-area"><section id="text-14" class="widget widget_text"><div class="widget-wrap"><h3 class="widgettitle widget-title">{brand}</h3>
			<div class="textwidget"><p>{tagline}</p>
</div>
		</div></section>
{social_footer}</div><div class="widget-area footer-widgets-2 footer-widget-area"><section id="custom_html-9" class="widget_text widget widget_custom_html"><div class="widget_text widget-wrap"><div class="textwidget custom-html-widget">
<div id="sb_instagram"  class="sbi sbi_mob_col_1 sbi_tab_col_2 sbi_col_4 sbi_width_resp" style="padding-bottom: 10px;width: 100%;" data-feedid="*1"  data-res="auto" data-cols="4" data-colsmobile="1" data-colstablet="2" data-num="4" data-nummobile="" data-shortcode-atts="{{&quot;feed&quot;:&quot;1&quot;}}"  data-postid="{post_id}" data-locatornonce="2c1d9f0e7a" data-sbi-flags="favorLocal">
	
    <div id="sbi_images"  style="padding: 5px;">
{instagram_items}    </div>

	<div id="sbi_load" >

	
	    <span class="sbi_follow_btn">
        <a href="https://www.instagram.com/milebymileblog/" style="background: rgb(64,139,209);" target="_blank" rel="nofollow noopener">
            <svg class="svg-inline--fa fa-instagram fa-w-14" aria-hidden="true" data-fa-processed="" aria-label="Instagram" data-prefix="fab" data-icon="instagram" role="img" viewBox="0 0 448 512"><path fill="currentColor" d="M224.1 141c-63.6 0-114.9 51.3-114.9 114.9s51.3 114.9 114.9 114.9S339 319.5 339 255.9 287.7 141 224.1 141z"></path></svg>            <span>{follow}</span>
        </a>
    </span>
	</div>

	    <span class="sbi_resized_image_data" data-feed-id="*1" data-resized="[]">
	</span>
	</div>

</div></div></section>
</div><div class="widget-area footer-widgets-3 footer-widget-area"><section id="text-16" class="widget widget_text"><div class="widget-wrap">			<div class="textwidget"><p>{affiliate}</p>
<p>&nbsp;</p>
<p>{notice}</p>
</div>
		</div></section>
</div></div></div><footer class="site-footer" itemscope itemtype="https://schema.org/WPFooter"><div class="wrap"><p class="footer-credit">{credit}</p><p>{colophon}</p></div></footer></div><script type="speculationrules">
{{"prefetch":[{{"source":"document","where":{{"and":[{{"href_matches":"\\/*"}},{{"not":{{"href_matches":["\\/wp-*.php","\\/wp-admin\\/*","\\/wp-content\\/uploads\\/*"]}}}}]}},"eagerness":"conservative"}}]}}
</script>
<!-- YouTube Feeds JS -->
<script type="text/javascript">
var sbiajaxurl = "{site}/wp-admin/admin-ajax.php";
</script>
<!-- Custom Feeds for Instagram JS -->
<script type="text/javascript">
var sbiajaxurl = "{site}/wp-admin/admin-ajax.php";
</script>
<script type="text/javascript" src="{site}/wp-includes/js/comment-reply.min.js?ver=6.8.1" id="comment-reply-js" async="async" data-wp-strategy="async"></script>
<script type="text/javascript" src="{site}/wp-includes/js/hoverIntent.min.js?ver=1.10.2" id="hoverIntent-js"></script>
<script type="text/javascript" src="{site}/wp-content/themes/genesis/lib/js/menu/superfish.min.js?ver=1.7.10" id="superfish-js"></script>
<script type="text/javascript" src="{site}/wp-content/themes/genesis/lib/js/skip-links.min.js?ver=3.5.0" id="skip-links-js"></script>
<script type="text/javascript" id="sbi_scripts-js-extra">
/* <![CDATA[ */
var sb_instagram_js_options = {{"font_method":"svg","resized_url":"{site}\\/wp-content\\/uploads\\/sb-instagram-feed-images\\/","placeholder":"{site}\\/wp-content\\/plugins\\/instagram-feed\\/img\\/placeholder.png","ajax_url":"{site}\\/wp-admin\\/admin-ajax.php"}};
var sbiTranslations = {{"share":"Share"}};
/* ]]> */
</script>
<script type="text/javascript" src="{site}/wp-content/plugins/instagram-feed/js/sbi-scripts.min.js?ver=6.6.1" id="sbi_scripts-js"></script>
<script defer type="text/javascript" src="{site}/wp-content/plugins/akismet/_inc/akismet-frontend.js?ver=1714500000" id="akismet-frontend-js"></script>
<script data-cfasync="false" src="/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js"></script></body></html>
"""

INSTAGRAM_ITEM = """        <div class="sbi_item sbi_type_image sbi_new sbi_transition" id="sbi_{media_id}" data-date="{timestamp}">
    <div class="sbi_photo_wrap">
        <a class="sbi_photo" href="https://www.instagram.com/p/{shortcode}/" target="_blank" rel="noopener nofollow" data-full-res="https://scontent.cdninstagram.com/v/t51.29350-15/{media_id}_n.jpg" data-img-src-set="{{}}">
            <span class="sbi-screenreader">{truncated}</span>
            	                    <img src="{site}/wp-content/plugins/instagram-feed/img/placeholder.png" alt="{alt}">
        </a>
    </div>
    <div class="sbi_info">
        <p class="sbi_caption_wrap"><span class="sbi_caption">{caption}</span></p>
    </div>
</div>
"""


# --------------------------------------------------------------------------- page parts


def render_menu_tree(items: list[tuple[int, str]], blocks: set[int]) -> str:
    out = ['<ul id="menu-main-menu" class="menu genesis-nav-menu menu-primary js-superfish">']
    open_wraps: list[bool] = []
    for n, (level, label) in enumerate(items):
        nxt = items[n + 1][0] if n + 1 < len(items) else 0
        mid = 2101 + 7 * n
        href = f"{SITE}/" if label == "Home" else (social_href(label) if level and label in SOCIAL else f"{SITE}/{slug(label)}/")
        classes = "menu-item menu-item-type-custom menu-item-object-custom"
        if label == "Home":
            classes += " menu-item-home"
        if nxt > level:
            classes += " menu-item-has-children"
        out.append(f'<li id="menu-item-{mid}" class="{classes} menu-item-{mid}"><a href="{attr(href)}" itemprop="url"><span itemprop="name">{wp(label)}</span></a>')
        if nxt > level:
            wrap = n in blocks
            open_wraps.append(wrap)
            out.append(('<div class="menu-extras">' if wrap else "") + '<ul class="sub-menu">')
        else:
            out.append("</li>")
            for _ in range(level - nxt):
                wrap = open_wraps.pop()
                out.append("</ul>" + ("</div>" if wrap else "") + "</li>")
    out.append("</ul>")
    return "\n".join(out)


def link_words(paragraph_html: str) -> str:
    for words, href in BODY_LINKS.items():
        if words in paragraph_html:
            paragraph_html = paragraph_html.replace(words, f'<a href="{href}">{words}</a>', 1)
    return paragraph_html


def render_body(paragraphs: list[list[str]]) -> str:
    out = []
    closing_questions = False
    for para in paragraphs:
        text = " ".join(para)
        if len(para) == 1 and text in CAPTIONS:
            att_id, file, w, h = CAPTIONS[text]
            small = file.replace(".jpg", f"-300x{h * 300 // w}.jpg")
            out.append(CAPTION.format(att_id=att_id, box=w + 10, uploads=UPLOADS, file=file,
                                      small=small, alt=attr(text), w=w, h=h, caption=wp(text)))
            continue
        if para[0].endswith("?"):
            # "Looking for other workout ideas?" and the closing questions: bold lead lines.
            if para[0].startswith("Have you"):
                closing_questions = True
                lines = [f"<strong>{wp(line)}</strong>" for line in para]
            else:
                lines = [f"<strong>{wp(para[0])}</strong>"] + [link_words(wp(line)) for line in para[1:]]
            out.append(("<h3>" if closing_questions else "<p>") + "<br />\n".join(lines)
                       + ("</h3>" if closing_questions else "</p>") + "\n")
            continue
        out.append(f"<p>{link_words(wp(text))}</p>\n")
    return "".join(out)


def comment_name(c: Comment) -> str:
    if c.name == PLACEHOLDER:
        address = POST_AUTHOR_EMAIL if c.by_post_author else READER_19_EMAIL
        return cf_email(address, key=(c.id * 31) % 200 + 40)
    if "@" in c.name:
        blog = re.split(r"\s*@\s*", c.name, maxsplit=1)[1]
        return f'<a href="http://www.{slug(blog).replace("-", "")}.com" class="comment-author-link" rel="external nofollow ugc">{wp(c.name)}</a>'
    return wp(c.name)


def render_comments(comments: list[Comment], counters: dict[str, int]) -> str:
    out = []
    for c in comments:
        classes = ["comment"]
        if c.by_post_author:
            classes += ["byuser", f"comment-author-{POST_AUTHOR_LOGIN}", "bypostauthor"]
        classes += ["odd", "alt"] if counters["alt"] % 2 else ["even"]
        counters["alt"] += 1
        if c.depth == 0:
            classes += ["thread-odd", "thread-alt"] if counters["thread"] % 2 else ["thread-even"]
            counters["thread"] += 1
        classes.append(f"depth-{c.depth + 1}")
        children = ""
        if c.children:
            children = '<ul class="children">\n' + render_comments(c.children, counters) + "</ul><!-- .children -->\n"
        text = "\n".join("<p>" + "<br />\n".join(wp(line) for line in para) + "</p>" for para in c.paragraphs)
        who = POST_AUTHOR if c.by_post_author else c.name
        out.append(COMMENT.format(
            classes=" ".join(classes), id=c.id, name=comment_name(c), name_attr=attr(who),
            gravatar=hashlib.md5(who.lower().encode()).hexdigest(), datetime=c.when.isoformat(),
            url=POST_URL, visible_when=c.visible_when, text=text, post_id=POST_ID, children=children))
    return "".join(out)


def render_calendar(seed: Seed) -> str:
    block = seed.block()
    caption, heads, *weeks, nav = [ln.strip(" ") for ln in block]
    full = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert heads.split() == ["M", "T", "W", "T", "F", "S", "S"], heads
    head = "".join(f'\n\t\t<th scope="col" aria-label="{day}">{day[0]}</th>' for day in full)
    month = datetime.strptime(caption, "%B %Y")
    first = month.weekday()
    rows, day = [], 1
    last = (month.replace(month=month.month % 12 + 1, year=month.year + month.month // 12) - timedelta(days=1)).day
    while day <= last:
        cells = []
        if day == 1 and first:
            cells.append(f'<td colspan="{first}" class="pad">&nbsp;</td>')
        col = first if day == 1 else 0
        while col < 7 and day <= last:
            cells.append(f"<td>{day}</td>")
            day, col = day + 1, col + 1
        if col < 7:
            cells.append(f'<td class="pad" colspan="{7 - col}">&nbsp;</td>')
        rows.append("\n\t<tr>" + "".join(cells) + "\n\t</tr>")
    # The seed's own rendering of the grid must agree with the calendar we drew.
    drawn = ["".join(re.findall(r"<td>(\d+)</td>", r)) for r in rows]
    assert [w.replace(NBSP, "").strip(" \t") for w in weeks] == drawn, (weeks, drawn)
    prev = nav.split(NBSP)[0].strip(" \t")
    assert prev.startswith("\u00ab "), nav
    return (f'<table id="wp-calendar" class="wp-calendar-table">\n\t<caption>{caption}</caption>\n\t<thead>\n\t<tr>{head}\n\t</tr>\n\t</thead>'
            f'<tbody>{"".join(rows)}\n\t</tbody>\n\t</table><nav aria-label="Previous and next months" class="wp-calendar-nav">\n\t\t'
            f'<span class="wp-calendar-nav-prev"><a href="{SITE}/2025/04/">&laquo; {prev[2:]}</a></span>\n\t\t'
            f'<span class="pad">&nbsp;</span>\n\t\t<span class="wp-calendar-nav-next">&nbsp;</span>\n\t</nav>')


def render_social(labels: list[tuple[int, str]], n: int, title: str = "") -> str:
    items = "".join(SOCIAL_ITEM.format(key=slug(label), href=attr(social_href(label)), n=n, label=wp(label), site=SITE)
                    for _, label in labels)
    heading = f'<h3 class="widgettitle widget-title">{wp(title)}</h3>\n' if title else ""
    return SOCIAL_WIDGET.format(n=n, title=heading, items=items)


def read_instagram(seed: Seed) -> list[tuple[str, str]]:
    """(truncated text, full caption) per post; the seed prints the truncation, then the caption."""
    posts: list[list[str]] = []
    seed.peek()
    while seed.lines[seed.i].strip(" \t") != "Follow on Instagram":
        line = seed.lines[seed.i]
        seed.i += 1
        again = line.find(line[:20], 1) if line else -1
        if again > 0:
            posts.append([line[:again].rstrip(" "), line[again:]])
        else:
            posts[-1].append(line)  # a further line of the caption; blank = paragraph break
    out = []
    for truncated, *caption in posts:
        lines = caption[:]
        while lines and not lines[-1]:
            lines.pop()
        out.append((truncated, "\n".join(lines)))
    return out


def ld_json(title: str, description: str, categories: list[str], comment_count: int) -> str:
    utc = timezone.utc
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": f"{POST_URL}#article",
                "isPartOf": {"@id": POST_URL},
                "author": {"name": POST_AUTHOR, "@id": f"{SITE}/#/schema/person/5d41402abc4b2a76b9719d911017c592"},
                "headline": title,
                "datePublished": PUBLISHED.astimezone(utc).isoformat(),
                "dateModified": MODIFIED.astimezone(utc).isoformat(),
                "mainEntityOfPage": {"@id": POST_URL},
                "wordCount": 868,
                "commentCount": comment_count,
                "publisher": {"@id": f"{SITE}/#organization"},
                "image": {"@id": f"{POST_URL}#primaryimage"},
                "thumbnailUrl": f"{UPLOADS}/adventures-in-physical-therapy-week-2.jpg",
                "articleSection": categories,
                "inLanguage": "en-US",
                "potentialAction": [{"@type": "CommentAction", "name": "Comment", "target": [f"{POST_URL}#respond"]}],
            },
            {
                "@type": "WebPage",
                "@id": POST_URL,
                "url": POST_URL,
                "name": f"{title} - Mile By Mile",
                "isPartOf": {"@id": f"{SITE}/#website"},
                "primaryImageOfPage": {"@id": f"{POST_URL}#primaryimage"},
                "datePublished": PUBLISHED.astimezone(utc).isoformat(),
                "dateModified": MODIFIED.astimezone(utc).isoformat(),
                "description": description,
                "breadcrumb": {"@id": f"{POST_URL}#breadcrumb"},
                "inLanguage": "en-US",
                "potentialAction": [{"@type": "ReadAction", "target": [POST_URL]}],
            },
            {
                "@type": "ImageObject",
                "inLanguage": "en-US",
                "@id": f"{POST_URL}#primaryimage",
                "url": f"{UPLOADS}/adventures-in-physical-therapy-week-2.jpg",
                "contentUrl": f"{UPLOADS}/adventures-in-physical-therapy-week-2.jpg",
                "width": 600,
                "height": 900,
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{POST_URL}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{SITE}/"},
                    {"@type": "ListItem", "position": 2, "name": title},
                ],
            },
            {
                "@type": "WebSite",
                "@id": f"{SITE}/#website",
                "url": f"{SITE}/",
                "name": "Mile By Mile",
                "description": "Life is what happens when you're busy running marathons...",
                "publisher": {"@id": f"{SITE}/#organization"},
                "inLanguage": "en-US",
            },
            {
                "@type": "Organization",
                "@id": f"{SITE}/#organization",
                "name": "Mile By Mile",
                "url": f"{SITE}/",
                "sameAs": [SOCIAL["Facebook"], SOCIAL["Twitter"], SOCIAL["Instagram"], SOCIAL["Pinterest"]],
            },
            {
                "@type": "Person",
                "@id": f"{SITE}/#/schema/person/5d41402abc4b2a76b9719d911017c592",
                "name": POST_AUTHOR,
                "url": f"{SITE}/author/{POST_AUTHOR_LOGIN}/",
            },
        ],
    }
    return json.dumps(graph, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


# --------------------------------------------------------------------------- build


def build(seed_text: str) -> str:
    seed = Seed(seed_text)
    skip = [seed.take(pattern=BULLET + " Skip to .+")[2:] for _ in range(3)]
    site_title = seed.take("Mile By Mile")
    site_description = seed.take()

    # A blank line inside the menu ("Left Menu Extras") is a block holding the items below it.
    after_blank: set[int] = set()
    menu_items = seed.bullets(after_blank)
    blocks = {n - 1 for n in after_blank}

    meta = seed.take(pattern=r"in .+ \u00b7 .+")
    cats_text, date_visible = meta[3:].split(" \u00b7 ")
    categories = cats_text.split(", ")
    title = seed.take()

    body: list[list[str]] = []
    while seed.peek() != "You may also like:":
        body.append(seed.block())
    missing = set(CAPTIONS) - {" ".join(p) for p in body}
    assert not missing, f"captions not in seed: {missing}"
    related_heading, *related = [ln.strip(" ") for ln in seed.block()]
    assert len(related) == len(RELATED_SLUGS), related
    coaching_title, coaching_text = seed.take("Coaching"), seed.take()
    newsletter_title, newsletter_text = seed.take("Newsletter Sign up"), seed.take()
    required = seed.take("* indicates required")
    prev_label, prev_title = seed.take(pattern=r"Previous Post: \u00ab .+").split(" \u00ab ")
    next_label, next_title = seed.take(pattern=r"Next Post: .+ \u00bb")[:-2].split(": ", 1)
    reader_interactions = seed.take("Reader Interactions")
    comments_heading = seed.take("Comments")
    comments = read_comments(seed)

    # Comment ids grow with time, with gaps for comments left on other posts meanwhile.
    # The seed shows minutes only; seconds are made up, rising with the id within a minute.
    everyone = sorted(walk(comments), key=lambda c: c.when)
    for rank, c in enumerate(everyone):
        hours = int((c.when - PUBLISHED).total_seconds() // 3600)
        c.id = 48213 + rank * 3 + hours * 2
        same_minute = sum(1 for other in everyone[:rank] if other.when.replace(second=0) == c.when)
        c.when = c.when.replace(second=(c.id * 37) % 20 + 25 * same_minute)

    sidebar_label = seed.take("Primary Sidebar")
    welcome = seed.take("Welcome!")
    ads = []
    def read_ads():
        lines = [ln.strip(" ") for ln in seed.block()]
        ads.extend(zip(lines[::2], lines[1::2]))
    read_ads()
    plans_title = seed.take("Training Plans and Running Guides")
    plans_link = seed.take("Training Plans")
    social_sidebar = seed.bullets()
    calendar = render_calendar(seed)
    archives_title = seed.take("Past Posts")
    categories_title = seed.take("Categories")
    certifications = []
    for n, name in enumerate(["VDOT Certified Coach", "RRCA Certified Coach"], start=2):
        certifications.append(CERTIFICATION.format(n=n, title=seed.take(name), caption=wp(seed.take(name)),
                                                   site=SITE, file=slug(name) + ".png"))
    read_ads()  # two more ad units, back to back
    assert len(ads) == 3, ads
    rights = seed.take(pattern="\u00a9 .+")
    footer_label = seed.take("Footer")
    brand, tagline = seed.take(), seed.take()
    lets_run = seed.take("Lets Run!")
    social_footer = seed.bullets()
    instagram = read_instagram(seed)
    follow = seed.take("Follow on Instagram")
    affiliate = seed.take()
    assert seed.take() == NBSP
    notice = seed.take(pattern="\u00a9 .+")
    credit = seed.take(pattern=r".+ \u00b7 Copyright \u00a9 \d{4}")
    colophon = seed.take(pattern=r"Copyright \u00a9.+Log in")
    assert seed.peek() == "", f"unread seed text from line {seed.i + 1}"

    description = ("Physical therapy week 2: hip strengthening and stability exercises, "
                   "two running drills for overstriding, and piriformis stretching and release.")
    n_comments = sum(1 for _ in walk(comments))
    page = [HEAD.format(
        title=wp(title), title_attr=attr(title), description=attr(description), url=POST_URL,
        url_q=POST_URL.replace(":", "%3A").replace("/", "%2F"), site=SITE, post_id=POST_ID,
        published_utc=PUBLISHED.astimezone(timezone.utc).isoformat(),
        modified_utc=MODIFIED.astimezone(timezone.utc).isoformat(),
        image=f"{UPLOADS}/adventures-in-physical-therapy-week-2.jpg", author=POST_AUTHOR,
        ld_json=ld_json(title, description, categories, n_comments))]
    page.append(BODY_OPEN.format(post_id=POST_ID, skip=skip, site=SITE, site_title=wp(site_title),
                                 site_description=wp(site_description), menu=render_menu_tree(menu_items, blocks)))
    category_links = ", ".join(f'<a href="{SITE}/category/{slug(c)}/" rel="category tag">{wp(c)}</a>' for c in categories)
    assert date_visible == f"{PUBLISHED:%B} {PUBLISHED.day}, {PUBLISHED.year}", date_visible
    page.append(ARTICLE_OPEN.format(post_id=POST_ID, title_attr=attr(title), title=wp(title),
                                    category_links=category_links, published=PUBLISHED.isoformat(),
                                    published_visible=date_visible))
    page.append(render_body(body))
    related_items = "\n".join(f'<li><a href="{SITE}/{s}/" rel="bookmark" title="{attr(t)}">{wp(t)}</a></li>'
                              for s, t in zip(RELATED_SLUGS, related))
    page.append(AFTER_BODY.format(
        related_heading=wp(related_heading), related_items=related_items, url=POST_URL, title_attr=attr(title),
        coaching_title=wp(coaching_title),
        coaching_text=wp(coaching_text).replace("here", f'<a href="{SITE}/run-coaching/">here</a>', 1),
        newsletter_title=wp(newsletter_title), newsletter_text=wp(newsletter_text),
        required_rest=wp(required[2:]), site=SITE, prev_label=wp(prev_label), prev_title=wp(prev_title),
        next_label=wp(next_label + ":"), next_title=wp(next_title), reader_interactions=wp(reader_interactions),
        comments_heading=wp(comments_heading)))
    page.append(render_comments(comments, {"alt": 0, "thread": 0}))
    page.append(RESPOND.format(url=POST_URL, site=SITE, post_id=POST_ID))
    ad_html = [AD.format(n=n, logo=wp(logo), by=wp(by)) for n, (logo, by) in enumerate(ads, start=2)]
    page.append(SIDEBAR.format(
        label=wp(sidebar_label), welcome=wp(welcome), site=SITE, ad_1=ad_html[0], plans_title=wp(plans_title),
        plans_link=wp(plans_link), social_sidebar=render_social(social_sidebar, 2), calendar=calendar,
        archives_title=wp(archives_title), categories_title=wp(categories_title),
        certifications="".join(certifications), ad_2=ad_html[1], ad_3=ad_html[2], rights=wp(rights)))
    instagram_items = "".join(INSTAGRAM_ITEM.format(
        media_id=17841400000000000 + 911 * n, timestamp=1716200000 - 86400 * 9 * n,
        shortcode=hashlib.sha1(full.encode()).hexdigest()[:11], site=SITE,
        truncated=wp(truncated), alt=attr(full), caption=wp(full).replace("\n", "<br>"))
        for n, (truncated, full) in enumerate(instagram))
    page.append(FOOTER.format(
        footer_label=wp(footer_label), brand=wp(brand), tagline=wp(tagline),
        social_footer=render_social(social_footer, 3, lets_run), post_id=POST_ID,
        instagram_items=instagram_items, follow=wp(follow), affiliate=wp(affiliate), notice=wp(notice),
        credit=wp(credit), site=SITE,
        colophon=wp(colophon)
        .replace("Genesis Framework", '<a href="https://www.studiopress.com/">Genesis Framework</a>')
        .replace("WordPress", '<a href="https://wordpress.org/">WordPress</a>')
        .replace("Log in", f'<a rel="nofollow" href="{SITE}/wp-login.php">Log in</a>')))
    return "".join(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    page = build(args.seed.read_text(encoding="utf-8"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out} ({len(page):,} bytes)")


if __name__ == "__main__":
    main()
